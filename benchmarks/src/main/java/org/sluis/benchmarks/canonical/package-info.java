/**
 * Benchmarks of {@code org.sluis.contracts.canonical}: RFC 8785 canonicalisation of ledger entries
 * and agreements. See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.canonical;
