/**
 * The load driver: {@link org.sluis.benchmarks.load.MixedWorkload} runs a mixed workload
 * (registrations, publications, negotiations, decisions, pulls, consent changes) against running
 * exchange instances, probes how fast a consent revocation made on one instance is enforced by
 * another, kills one instance mid-run, and afterwards checks the exported ledger against every
 * entry the exchange acknowledged. {@code deploy/multi-instance/run.sh} runs it against two
 * instances behind nginx.
 */
package org.sluis.benchmarks.load;
