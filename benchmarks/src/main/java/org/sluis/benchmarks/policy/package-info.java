/**
 * Benchmarks of {@code org.sluis.policy}: the in-process access decision on a compiled agreement.
 * See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.policy;
