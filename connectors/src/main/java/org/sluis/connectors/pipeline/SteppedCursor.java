package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.sluis.connectors.RecordCursor;

/**
 * The per-record stages fused into one cursor: each record read from upstream passes the steps
 * in order and is delivered if every step keeps it. One cursor with a loop over the steps, rather
 * than one cursor per step, keeps the hot path to one virtual call per step and record.
 */
final class SteppedCursor implements RecordCursor {
    private final RecordCursor upstream;
    private final RecordStep[] steps;

    SteppedCursor(RecordCursor upstream, RecordStep[] steps) {
        this.upstream = upstream;
        this.steps = steps.clone();
    }

    @Override
    public ObjectNode next() throws IOException {
        ObjectNode record;
        while ((record = upstream.next()) != null) {
            if (passes(record)) {
                return record;
            }
        }
        return null;
    }

    private boolean passes(ObjectNode record) {
        for (RecordStep step : steps) {
            if (!step.apply(record)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
