package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One per-record obligation: changes a record in place, or refuses it. */
@FunctionalInterface
interface RecordStep {

    /**
     * Applies the step to one record.
     *
     * @param record the record, owned by the pipeline until the next one is read; may be changed in place
     * @return false if the record must not be delivered
     */
    boolean apply(ObjectNode record);
}
