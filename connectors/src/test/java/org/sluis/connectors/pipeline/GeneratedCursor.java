package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sluis.connectors.RecordCursor;

/**
 * Generates {@code count} records {@code {"id": i, "region": "r<i % groups>", "age": ...}} into
 * one reused object, as a source that recycles its record would: a stage that kept a reference
 * would see it change under it.
 */
final class GeneratedCursor implements RecordCursor {
    private final long count;
    private final int groups;
    private final ObjectNode record = JsonNodeFactory.instance.objectNode();
    private long next;

    GeneratedCursor(long count, int groups) {
        this.count = count;
        this.groups = groups;
    }

    @Override
    public ObjectNode next() {
        if (next == count) {
            return null;
        }
        long i = next++;
        record.removeAll();
        return record.put("id", i).put("region", "r" + (i % groups)).put("age", 20 + i % 50);
    }

    @Override
    public void close() {
    }
}
