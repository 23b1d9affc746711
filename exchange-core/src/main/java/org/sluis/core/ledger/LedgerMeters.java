package org.sluis.core.ledger;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The ledger writer's meters, built once so that recording on the append path looks nothing up and
 * allocates nothing:
 *
 * <ul>
 *   <li>{@code sluis_ledger_append_seconds}: from an append being queued to its entry being durable,
 *       what a request waits for its entry (the queue and the group commit);
 *   <li>{@code sluis_ledger_commit_seconds}: one group-commit transaction, lock to commit;
 *   <li>{@code sluis_ledger_batch_entries}: entries per group-commit transaction;
 *   <li>{@code sluis_ledger_queue_size}: appends and checkpoint requests waiting for the writer now.
 * </ul>
 *
 * Histogram buckets are fixed, so every instance's series aggregate: from the sub-millisecond
 * commit of a local database to the seconds of one that struggles; batches up to
 * {@value Ledger#MAX_BATCH} entries.
 */
final class LedgerMeters {
    private static final Duration[] LATENCY_BUCKETS = durations(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5);
    private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, Ledger.MAX_BATCH};

    private final Timer append;
    private final Timer commit;
    private final DistributionSummary batch;

    /** Registers the ledger's meters in {@code registry}; the queue's size is read at each scrape. */
    LedgerMeters(MeterRegistry registry, Collection<?> queue) {
        this.append = Timer.builder("sluis.ledger.append")
                .description("Time from an append being queued to its entry being durable")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.commit = Timer.builder("sluis.ledger.commit")
                .description("Time of one group-commit transaction of the ledger writer")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.batch = DistributionSummary.builder("sluis.ledger.batch")
                .baseUnit("entries")
                .description("Entries written by one group-commit transaction")
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry);
        Gauge.builder("sluis.ledger.queue.size", queue, Collection::size)
                .description("Appends and checkpoint requests waiting for the ledger writer")
                .register(registry);
    }

    /** A transaction that wrote {@code entries} entries (at least one) in {@code nanos}. */
    void committed(int entries, long nanos) {
        commit.record(nanos, TimeUnit.NANOSECONDS);
        batch.record(entries);
    }

    /** An entry that became durable {@code nanos} after it was queued. */
    void durable(long nanos) {
        append.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Duration[] durations(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return out;
    }
}
