/**
 * JMH micro-benchmarks, one sub-package per main package they measure, and the load driver
 * ({@code load}, run by {@code deploy/multi-instance/run.sh}). Build with
 * {@code mvn -pl benchmarks -am package -DskipTests}, run with
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package org.sluis.benchmarks;
