package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.sluis.connectors.RecordCursor;

/** A cursor over records given as JSON texts, counting how many were read and whether it was closed. */
final class ListCursor implements RecordCursor {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> records;
    private int read;
    private boolean closed;

    ListCursor(String... records) {
        this.records = List.of(records);
    }

    static ObjectNode record(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test record is not JSON: " + json, e);
        }
    }

    /** Reads a cursor to its end and closes it, giving each record's compact JSON. */
    static List<String> drain(RecordCursor cursor) throws IOException {
        List<String> out = new ArrayList<>();
        try (cursor) {
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                out.add(r.toString());
            }
        }
        return out;
    }

    int read() {
        return read;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public ObjectNode next() {
        return read < records.size() ? record(records.get(read++)) : null;
    }

    @Override
    public void close() {
        closed = true;
    }
}
