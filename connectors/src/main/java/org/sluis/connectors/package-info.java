/**
 * Data sources and sinks and the record stream between them, with obligations applied while the
 * data streams. Knows nothing of HTTP routes, the ledger or the CLI.
 */
package org.sluis.connectors;
