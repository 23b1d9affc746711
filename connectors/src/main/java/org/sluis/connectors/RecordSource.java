package org.sluis.connectors;

import java.io.IOException;

/**
 * Where a dataset's records come from: a provider's HTTP endpoint, a PostgreSQL table or query,
 * files under the operator's root, a FHIR server. A source is configured once per dataset and
 * opened once per transfer.
 */
public interface RecordSource {

    /**
     * Opens a cursor over the records {@code read} asks for. Blocking.
     *
     * @param read what to read, and on whose behalf
     * @return a cursor the caller must close
     * @throws IOException if the upstream cannot be reached or refuses
     */
    RecordCursor open(SourceRead read) throws IOException;
}
