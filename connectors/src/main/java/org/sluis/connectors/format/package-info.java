/**
 * How records are encoded as bytes: readers that turn a source's NDJSON, JSON arrays and CSV into
 * a {@link org.sluis.connectors.RecordCursor} ({@link org.sluis.connectors.format.RecordReaders}),
 * streaming in constant memory and refusing oversized or over-deep records; writers that stream
 * records to the consumer as NDJSON, CSV or JSON ({@link org.sluis.connectors.format.RecordFormat});
 * and the digest of exactly the bytes delivered, for the transfer's completion entry.
 */
package org.sluis.connectors.format;
