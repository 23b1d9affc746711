/**
 * Benchmarks of {@code org.sluis.connectors}: records read from bytes, and records streamed through
 * the obligation pipeline into a record writer. See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.connectors;
