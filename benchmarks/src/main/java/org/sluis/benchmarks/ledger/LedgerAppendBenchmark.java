package org.sluis.benchmarks.ledger;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.benchmarks.BenchDatabase;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.ledger.NoteKey;

/**
 * Durable ledger appends per second with 64 concurrent writers, each waiting for its own entry to
 * be committed ({@code append(...).join()}), as 64 gateway requests would. The writers' appends
 * are group-committed by the ledger's single writer thread, so the figure is bounded by the
 * transaction rate times the batch size the load produces; the trial's mean batch size is printed
 * at teardown. Budget (DESIGN.md, Performance budgets): at least 10,000 durable appends/s on 2 cores.
 *
 * <p>One fresh database per trial ({@link BenchDatabase}), with the exchange's default pool and
 * checkpoint cadence, so periodic checkpoint signing is part of the measurement. Defaults:
 * 1 fork, 2 warm-up iterations of 5 s, 3 measured iterations of 10 s, about a minute in all.
 *
 * <p>Run (from the repository root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -Dsluis.bench.dbUrl='jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres' \
 *      -jar benchmarks/target/benchmarks.jar LedgerAppendBenchmark
 * java -jar benchmarks/target/benchmarks.jar LedgerAppendBenchmark   # embedded PostgreSQL
 * </pre>
 * Fewer writers with {@code -t 8}; shorter with {@code -wi 1 -w 2s -i 2 -r 5s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@Threads(64)
public class LedgerAppendBenchmark {
    private static final int DISTINCT_EVENTS = 1024;

    private BenchDatabase db;
    private Ledger ledger;
    private LedgerEvent[] events;
    private final AtomicInteger writers = new AtomicInteger();

    /** Creates the database and opens the ledger on it. */
    @Setup(Level.Trial)
    public void openLedger() {
        db = BenchDatabase.create();
        ledger = Ledger.open(db.dsl(), NoteKey.generate("bench.sluis.example/ledger"), Clock.systemUTC(),
                db.config().checkpointEvery(), db.metrics());
        events = new LedgerEvent[DISTINCT_EVENTS];
        for (int i = 0; i < events.length; i++) {
            events[i] = SampleEvents.accessDecided(i);
        }
        System.out.println("ledger on " + db);
    }

    /** Prints how the writer batched the trial's appends, then closes the ledger and removes the database. */
    @TearDown(Level.Trial)
    public void closeLedger() {
        try {
            Ledger.Stats stats = ledger.stats();
            System.out.printf("%nwriter: %,d entries in %,d transactions, %.1f entries per transaction%n",
                    stats.entries(), stats.batches(), stats.batches() == 0 ? 0.0 : (double) stats.entries() / stats.batches());
            ledger.close();
        } finally {
            db.close();
        }
    }

    /** One writer thread's position in the sample events and its request ids. */
    @State(Scope.Thread)
    public static class Writer {
        int next;
        String actor;
        String requestPrefix;

        /** Gives each writer its own actor and request-id prefix, as distinct gateway requests have. */
        @Setup(Level.Trial)
        public void name(LedgerAppendBenchmark benchmark) {
            int id = benchmark.writers.getAndIncrement();
            next = id * 17;
            actor = "lab-" + (id % 5);
            requestPrefix = "req-" + id + "-";
        }
    }

    /** Appends one access decision and waits until it is durable. */
    @Benchmark
    public Ledger.Appended append(Writer writer) {
        int n = writer.next++;
        return ledger.append(events[n & (DISTINCT_EVENTS - 1)], writer.actor, writer.requestPrefix + n).join();
    }
}
