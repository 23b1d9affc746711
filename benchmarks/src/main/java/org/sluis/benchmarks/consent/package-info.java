/**
 * Benchmarks of {@code org.sluis.policy.consent}: the per-record consent filter and
 * pseudonymisation, and the keyed hash under them. See {@code benchmarks/README.md} to run them.
 */
package org.sluis.benchmarks.consent;
