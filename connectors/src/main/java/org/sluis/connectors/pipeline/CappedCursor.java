package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.sluis.connectors.RecordCursor;

/**
 * Delivers at most {@code max} records. Once the cap is reached it stops reading upstream, so a
 * capped transfer of a large source reads no more than it delivers (plus what earlier stages
 * filtered out).
 */
final class CappedCursor implements RecordCursor {
    private final RecordCursor upstream;
    private final long max;
    private long delivered;

    CappedCursor(RecordCursor upstream, long max) {
        this.upstream = upstream;
        this.max = max;
    }

    @Override
    public ObjectNode next() throws IOException {
        if (delivered >= max) {
            return null;
        }
        ObjectNode record = upstream.next();
        if (record != null) {
            delivered++;
        }
        return record;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
