package org.sluis.benchmarks.ledger;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.core.ledger.EntryCodec;
import org.sluis.core.ledger.MerkleFrontier;
import org.sluis.core.ledger.MerkleHash;
import org.sluis.core.ledger.MerkleTree;
import org.sluis.core.ledger.StoredNode;

/**
 * The pure RFC 9162 work behind the ledger, without a database: hashing one entry into its leaf,
 * appending a leaf to the {@link MerkleFrontier} (what the writer does per entry inside its
 * transaction), and computing an inclusion proof with {@link MerkleTree} from an in-memory
 * {@code HashMap<NodeId, byte[]>} of subtree hashes, for trees of {@code size} leaves. These are
 * the CPU parts of the ledger budgets in DESIGN.md (10,000 durable appends/s on 2 cores; proof p99
 * at most 5 ms at 10^7 entries): they should be a small fraction of them.
 *
 * <p>Defaults: 1 fork, 3 warm-up and 5 measured iterations of 2 s each, about 90 s for the four
 * runs. Run (from the repository root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MerkleBenchmark
 * java -jar benchmarks/target/benchmarks.jar MerkleBenchmark.inclusionProof -p size=10000000 -jvmArgsAppend -Xmx4g
 * </pre>
 * (10^7 leaves hold about 3 GB of hashes and map entries on the heap.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MerkleBenchmark {
    private static final int LEAVES = 1024;

    /** A typical ledger entry's leaf bytes, and a supply of leaf hashes to append. */
    @State(Scope.Thread)
    public static class Leaves {
        byte[] entry;
        byte[][] leafHashes;
        MerkleFrontier frontier;
        int next;

        /** Encodes one access decision as the ledger stores it (a denial with its reason) and hashes {@value #LEAVES} leaves. */
        @Setup(Level.Trial)
        public void encode() {
            entry = EntryCodec.leafBytes(123_456, MerkleHash.emptyRoot(), new EntryCodec.Pending(
                    SampleEvents.accessDecided(123_456), "lab-1", "req-0f3a9c2e", Instant.parse("2026-11-23T09:15:27.123456Z")));
            leafHashes = new byte[LEAVES][];
            for (int i = 0; i < LEAVES; i++) {
                leafHashes[i] = MerkleHash.leaf(new byte[] {(byte) i, (byte) (i >>> 8)});
            }
            frontier = MerkleFrontier.empty();
            System.out.printf("%nentry: %d bytes%n", entry.length);
        }
    }

    /** An in-memory tree of {@code size} leaves and a random leaf picker. */
    @State(Scope.Benchmark)
    public static class Tree {
        /** Leaves in the tree. */
        @Param({"1000", "1000000"})
        long size;

        InMemoryTree tree;

        /** Builds the tree by frontier appends (a few seconds and about 300 MB for 10^6). */
        @Setup(Level.Trial)
        public void build() {
            tree = InMemoryTree.of(size);
            System.gc(); // settle the map into the old generation now, not in a measured iteration
        }
    }

    /** Where one benchmark thread draws its random leaves from. */
    @State(Scope.Thread)
    public static class Indexes {
        final SplittableRandom random = new SplittableRandom(42);
    }

    /** SHA-256(0x00 || entry) of one typical entry, RFC 9162 §2.1.1. */
    @Benchmark
    public byte[] leafHash(Leaves leaves) {
        return MerkleHash.leaf(leaves.entry);
    }

    /** Appends one leaf to an ever-growing frontier: on average one node hash and the new nodes to store. */
    @Benchmark
    public List<StoredNode> frontierAppend(Leaves leaves) {
        return leaves.frontier.append(leaves.leafHashes[leaves.next++ & (LEAVES - 1)]);
    }

    /** The inclusion proof of a random leaf, RFC 9162 §2.1.3.1, from the in-memory subtree hashes. */
    @Benchmark
    public List<byte[]> inclusionProof(Tree tree, Indexes indexes) {
        return MerkleTree.inclusionProof(indexes.random.nextLong(tree.size), tree.size, tree.tree);
    }
}
