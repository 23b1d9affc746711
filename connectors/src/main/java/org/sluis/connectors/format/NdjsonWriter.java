package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/** NDJSON: each record as one compact JSON object on a line of its own, ended by {@code \n}. */
final class NdjsonWriter implements RecordWriter {
    private final JsonGenerator gen;
    private boolean finished;

    NdjsonWriter(OutputStream out) {
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
        JsonEmitter.write(gen, record);
        gen.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            gen.close(); // flushes; the stream stays open (AUTO_CLOSE_TARGET is off)
        }
    }
}
