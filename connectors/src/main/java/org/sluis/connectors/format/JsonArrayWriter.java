package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One compact JSON array of the records, {@code [{...},{...}]}, written as the records come: the
 * opening bracket with the first record (or at the end, for none), the closing one at the end.
 * A transfer that fails midway leaves an unterminated array, which no JSON parser accepts: the
 * consumer cannot mistake a cut transfer for a complete one.
 */
final class JsonArrayWriter implements RecordWriter {
    private final JsonGenerator gen;
    private boolean started;
    private boolean finished;

    JsonArrayWriter(OutputStream out) {
        try {
            this.gen = JsonEmitter.generator(out);
        } catch (IOException e) {
            throw new IllegalStateException("a generator over a stream writes nothing when created", e);
        }
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        if (finished) {
            throw new IllegalStateException("expected records before finish(), found one after");
        }
        start();
        JsonEmitter.write(gen, record);
    }

    @Override
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            start();
            gen.writeEndArray();
            gen.close(); // flushes; the stream stays open (AUTO_CLOSE_TARGET is off)
        }
    }

    private void start() throws IOException {
        if (!started) {
            started = true;
            gen.writeStartArray();
        }
    }
}
