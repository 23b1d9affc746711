package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The two JSON formats, which differ only in what goes between and around the records:
 * <ul>
 *   <li>NDJSON: each record as one compact JSON object on a line of its own, ended by {@code \n};</li>
 *   <li>JSON: one compact array, {@code [{...},{...}]}, written as the records come: the opening
 *       bracket with the first record (or at the end, for none), the closing one at the end. A
 *       transfer that fails midway leaves an unterminated array, which no JSON parser accepts: the
 *       consumer cannot mistake a cut transfer for a complete one.</li>
 * </ul>
 */
final class JsonRecordWriter implements RecordWriter {
    private final JsonGenerator gen;
    private final boolean array;
    private boolean started;
    private boolean finished;

    /** A writer of NDJSON ({@code array} false) or of one JSON array ({@code array} true). */
    JsonRecordWriter(OutputStream out, boolean array) {
        this.array = array;
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
        if (!array) {
            gen.writeRaw('\n');
        }
    }

    @Override
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (array) {
                start();
                gen.writeEndArray();
            }
            gen.close(); // flushes; the stream stays open (AUTO_CLOSE_TARGET is off)
        }
    }

    private void start() throws IOException {
        if (array && !started) {
            started = true;
            gen.writeStartArray();
        }
    }
}
