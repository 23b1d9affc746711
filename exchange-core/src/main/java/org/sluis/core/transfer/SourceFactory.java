package org.sluis.core.transfer;

import org.sluis.connectors.RecordSource;
import org.sluis.core.catalog.DataSource;

/** Turns a dataset's configured source into a connector the transfer can read. */
@FunctionalInterface
public interface SourceFactory {

    /**
     * The connector for {@code source}.
     *
     * @param source the dataset's source, secrets included
     * @return a source to open once per transfer
     */
    RecordSource connect(DataSource source);
}
