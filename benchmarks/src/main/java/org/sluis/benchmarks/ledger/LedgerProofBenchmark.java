package org.sluis.benchmarks.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.benchmarks.BenchDatabase;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.MerkleProofs;
import org.sluis.core.ledger.MerkleTree;
import org.sluis.core.ledger.NoteKey;
import org.sluis.core.ledger.StoredCheckpoint;

/**
 * Inclusion proofs of a ledger of {@code size} entries in PostgreSQL: the latency of
 * {@link Ledger#inclusionProof} for a random entry (two round trips: the size check and one query
 * for the O(log n) stored nodes), and of verifying such a proof with
 * {@link MerkleProofs#verifyInclusion} (pure hashing, what an auditor's client does). Sampled, so
 * JMH reports p50, p90, p99 and p99.9 in microseconds. Budget (DESIGN.md, Performance budgets):
 * inclusion proof p99 at most 5 ms at 10^7 entries. The default is 10^6, which builds in under a
 * minute; {@code -p size=10000000} measures the budget's size at about ten times the setup.
 *
 * <p>The trial's setup builds the ledger through {@link Ledger#append}, with up to 10,000 appends in
 * flight (windows of 5,000) so that group commit writes full transactions of 1,000, and prints its
 * progress (10^6 took 48 s on 2 cores, about 21,000 appends/s). It then runs {@code VACUUM (ANALYZE)}
 * on the ledger tables, as autovacuum would have on a ledger that grew to this size in service, and
 * checks that a served proof verifies against a signed checkpoint. The verification benchmark needs
 * no database: it verifies proofs precomputed from an in-memory tree of the same size, whose proofs
 * have the same shape and length.
 *
 * <p>Defaults: 1 fork, 2 warm-up iterations of 5 s, 3 measured iterations of 10 s. Run (from the
 * repository root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -Dsluis.bench.dbUrl='jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres' \
 *      -jar benchmarks/target/benchmarks.jar LedgerProofBenchmark
 * java -jar benchmarks/target/benchmarks.jar LedgerProofBenchmark -p size=100000   # quicker, embedded
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class LedgerProofBenchmark {
    private static final int WINDOW = 5_000;
    private static final long PROGRESS_EVERY = 100_000;

    /** A ledger of {@code size} entries in a fresh database. */
    @State(Scope.Benchmark)
    public static class FilledLedger {
        /** Entries in the ledger. */
        @Param({"1000000"})
        long size;

        BenchDatabase db;
        Ledger ledger;

        /** Builds the ledger through the exchange's own append path and reports how long that took. */
        @Setup(Level.Trial)
        public void fill() {
            db = BenchDatabase.create();
            ledger = Ledger.open(db.dsl(), NoteKey.generate("bench.sluis.example/ledger"), Clock.systemUTC(),
                    db.config().checkpointEvery(), db.metrics());
            System.out.printf("%nfilling a ledger of %,d entries on %s%n", size, db);
            long start = System.nanoTime();
            List<CompletableFuture<Ledger.Appended>> previous = List.of();
            for (long from = 0; from < size; from += WINDOW) {
                long to = Math.min(size, from + WINDOW);
                List<CompletableFuture<Ledger.Appended>> window = new ArrayList<>(WINDOW);
                for (long i = from; i < to; i++) {
                    window.add(ledger.append(SampleEvents.accessDecided(i), "lab-" + (i % 5), "req-" + i));
                }
                previous.forEach(CompletableFuture::join); // meanwhile the writer has this window to batch
                previous = window;
                if (from > 0 && from % PROGRESS_EVERY == 0) {
                    progress(from, start);
                }
            }
            previous.forEach(CompletableFuture::join);
            progress(size, start);
            Ledger.Stats stats = ledger.stats();
            System.out.printf("fill: %,d entries in %,d transactions (%.0f per transaction) in %.1f s%n",
                    stats.entries(), stats.batches(), (double) stats.entries() / stats.batches(), seconds(start));
            long vacuum = System.nanoTime();
            db.dsl().execute("VACUUM (ANALYZE) ledger_entry, ledger_node");
            System.out.printf("VACUUM (ANALYZE): %.1f s; setup in all: %.1f s%n", seconds(vacuum), seconds(start));
            if (ledger.size() != size) {
                throw new IllegalStateException("expected a ledger of " + size + " entries, found " + ledger.size());
            }
            // A latency is only worth having for proofs that verify against the signed checkpoint.
            StoredCheckpoint checkpoint = ledger.checkpoint().join();
            Ledger.InclusionProof proof = ledger.inclusionProof(size / 2, size);
            MerkleProofs.verifyInclusion(proof.leafHash(), proof.index(), checkpoint.treeSize(), proof.path(),
                    checkpoint.rootHash());
        }

        /** Closes the ledger and removes the database. */
        @TearDown(Level.Trial)
        public void close() {
            try {
                ledger.close();
            } finally {
                db.close();
            }
        }

        private static void progress(long done, long start) {
            double s = seconds(start);
            System.out.printf("  %,10d entries durable after %6.1f s (%,.0f/s)%n", done, s, done / s);
        }

        private static double seconds(long since) {
            return (System.nanoTime() - since) / 1e9;
        }
    }

    /** Where one benchmark thread draws its random entries from. */
    @State(Scope.Thread)
    public static class Indexes {
        final SplittableRandom random = new SplittableRandom(42);
    }

    /** Proofs precomputed over an in-memory tree of {@code size} leaves, for verification. */
    @State(Scope.Benchmark)
    public static class Proofs {
        private static final int COUNT = 64;

        /** Leaves in the tree the proofs are for. */
        @Param({"1000000"})
        long size;

        long[] index;
        byte[][] leafHash;
        List<List<byte[]>> path;
        byte[] root;

        /** Builds the tree and computes {@value #COUNT} proofs of random leaves. */
        @Setup(Level.Trial)
        public void compute() {
            InMemoryTree tree = InMemoryTree.of(size);
            SplittableRandom random = new SplittableRandom(7);
            index = new long[COUNT];
            leafHash = new byte[COUNT][];
            path = new ArrayList<>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                index[i] = random.nextLong(size);
                leafHash[i] = tree.leafHash(index[i]);
                path.add(MerkleTree.inclusionProof(index[i], size, tree));
            }
            root = tree.root();
            tree = null;
            System.gc(); // collect the tree now rather than in a measured iteration
        }
    }

    /** A cursor over the precomputed proofs. */
    @State(Scope.Thread)
    public static class ProofCursor {
        int next;
    }

    /** Generates the inclusion proof of a random entry in the full tree, from PostgreSQL. */
    @Benchmark
    public Ledger.InclusionProof inclusionProof(FilledLedger filled, Indexes indexes) {
        return filled.ledger.inclusionProof(indexes.random.nextLong(filled.size), filled.size);
    }

    /** Verifies one precomputed inclusion proof against the root; throws if it does not verify. */
    @Benchmark
    public void verifyInclusion(Proofs proofs, ProofCursor cursor) {
        int i = cursor.next++ & (Proofs.COUNT - 1);
        MerkleProofs.verifyInclusion(proofs.leafHash[i], proofs.index[i], proofs.size, proofs.path.get(i), proofs.root);
    }
}
