/**
 * Benchmarks of {@code org.sluis.core.identity}: validating the exchange's access tokens, as every API request does.
 * See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.identity;
