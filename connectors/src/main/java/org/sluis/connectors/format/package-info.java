/**
 * Record formats on the wire: NDJSON, CSV and JSON writers that stream records to the consumer,
 * and the digest of exactly the bytes delivered for the transfer's completion entry.
 */
package org.sluis.connectors.format;
