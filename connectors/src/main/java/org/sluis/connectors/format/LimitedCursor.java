package org.sluis.connectors.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.sluis.connectors.RecordCursor;

/** Ends after a number of records without reading further upstream. */
final class LimitedCursor implements RecordCursor {
    private final RecordCursor cursor;
    private long left;

    LimitedCursor(RecordCursor cursor, long max) {
        this.cursor = cursor;
        this.left = max;
    }

    @Override
    public ObjectNode next() throws IOException {
        if (left == 0) {
            return null;
        }
        ObjectNode record = cursor.next();
        if (record != null) {
            left--;
        }
        return record;
    }

    @Override
    public void close() {
        cursor.close();
    }
}
