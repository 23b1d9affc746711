/**
 * Benchmarks of {@code org.sluis.core.ledger}: durable appends and inclusion proofs on PostgreSQL,
 * and the pure RFC 9162 hashing, frontier and proof code. See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.ledger;
