package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.ledger.TestVectors.hex;
import static org.sluis.core.ledger.TestVectors.hexes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the store-based tree, the frontier and the verifier against {@link NaiveMerkle}
 * on one random log of {@value #MAX_SIZE} entries (fixed seed, so failures reproduce):
 * exhaustively for sizes up to {@value #SMALL}, on random samples above.
 *
 * <p>Read bounds asserted, with {@code h = bitLength(size - 1)}: a root reads one node per set
 * bit of the size ({@code <= bitLength(size)}); an inclusion proof has at most {@code h}
 * elements, of which at most one (a sibling cut by the right edge at level {@code l < h}) is
 * folded from at most {@code l} nodes, so {@code <= 2h}; a consistency proof adds at most the
 * old tree's last subtree, so {@code <= 2h + 1}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MerklePropertyTest {

    private static final long SEED = 9162L;
    private static final int MAX_SIZE = 3000;
    private static final int SMALL = 40;

    private static final List<byte[]> ENTRIES = new ArrayList<>();
    private static final Map<NodeId, byte[]> STORED = new HashMap<>();
    /** {@code FRONTIER_ROOTS.get(n)} is the frontier's root after {@code n} appends. */
    private static final List<byte[]> FRONTIER_ROOTS = new ArrayList<>();

    static {
        Random random = new Random(SEED);
        MerkleFrontier frontier = MerkleFrontier.empty();
        FRONTIER_ROOTS.add(frontier.root());
        for (int i = 0; i < MAX_SIZE; i++) {
            byte[] entry = new byte[random.nextInt(49)];
            random.nextBytes(entry);
            ENTRIES.add(entry);
            for (StoredNode node : frontier.append(MerkleHash.leaf(entry))) {
                assertTrue(STORED.put(node.id(), node.hash()) == null, () -> "node created twice: " + node.id());
            }
            FRONTIER_ROOTS.add(frontier.root());
        }
    }

    private final Random random = new Random(SEED);

    @Nested
    class Roots {

        @Test
        void the_frontier_creates_every_perfect_subtree_exactly_once() {
            assertEquals(2 * MAX_SIZE - Integer.bitCount(MAX_SIZE), STORED.size());
            for (int level = 0; (1 << level) <= MAX_SIZE; level++) {
                for (int index = 0; (index + 1) << level <= MAX_SIZE; index++) {
                    assertTrue(STORED.containsKey(new NodeId(level, index)), "missing " + level + "/" + index);
                }
            }
        }

        @Test
        void the_frontier_root_equals_the_root_from_stored_nodes_at_every_size() {
            for (int size = 0; size <= MAX_SIZE; size++) {
                RecordingHashes store = RecordingHashes.of(STORED, size);

                assertArrayEquals(FRONTIER_ROOTS.get(size), MerkleTree.rootHash(size, store), "size " + size);
                assertEquals(MerkleTree.nodesForRoot(size), store.reads(), "reads at size " + size);
                assertTrue(store.reads().size() <= bitLength(size), "read count at size " + size);
            }
        }

        @Test
        void the_frontier_root_equals_the_naive_mth_at_sampled_sizes() {
            for (int size : sampleSizes(30)) {
                assertEquals(hex(NaiveMerkle.mth(ENTRIES.subList(0, size))), hex(FRONTIER_ROOTS.get(size)), "size " + size);
            }
        }

        @Test
        void a_frontier_reloaded_from_the_store_continues_with_the_same_nodes_and_roots() {
            for (int size : sampleSizes(10)) {
                MerkleFrontier reloaded = MerkleFrontier.of(size, RecordingHashes.of(STORED, size));
                for (int next = size; next < Math.min(size + 40, MAX_SIZE); next++) {
                    for (StoredNode node : reloaded.append(MerkleHash.leaf(ENTRIES.get(next)))) {
                        assertArrayEquals(STORED.get(node.id()), node.hash(), "node " + node.id());
                    }
                    assertArrayEquals(FRONTIER_ROOTS.get(next + 1), reloaded.root(), "size " + (next + 1));
                }
            }
        }
    }

    @Nested
    class InclusionProofs {

        @Test
        void equal_the_naive_path_and_verify_for_every_index_of_small_trees() {
            for (int size = 1; size <= SMALL; size++) {
                for (int index = 0; index < size; index++) {
                    checkInclusion(index, size);
                }
            }
        }

        @Test
        void equal_the_naive_path_and_verify_for_sampled_indices_of_large_trees() {
            for (int i = 0; i < 20; i++) {
                int size = SMALL + 1 + random.nextInt(MAX_SIZE - SMALL);
                checkInclusion(0, size);
                checkInclusion(size - 1, size);
                for (int j = 0; j < 4; j++) {
                    checkInclusion(random.nextInt(size), size);
                }
            }
        }

        private void checkInclusion(int index, int size) {
            String where = "index " + index + " size " + size;
            RecordingHashes store = RecordingHashes.of(STORED, size);

            List<byte[]> proof = MerkleTree.inclusionProof(index, size, store);

            assertEquals(hexes(NaiveMerkle.path(index, ENTRIES.subList(0, size))), hexes(proof), where);
            assertDoesNotThrow(() -> MerkleProofs.verifyInclusion(MerkleHash.leaf(ENTRIES.get(index)), index, size,
                    proof, FRONTIER_ROOTS.get(size)), where);
            List<NodeId> planned = MerkleTree.nodesForInclusion(index, size);
            assertEquals(planned, store.reads(), where);
            assertEquals(planned.size(), new HashSet<>(planned).size(), where);
            assertTrue(planned.size() <= 2 * bitLength(size - 1), where + " reads " + planned.size());
        }
    }

    @Nested
    class ConsistencyProofs {

        @Test
        void equal_the_naive_proof_and_verify_for_every_pair_of_small_sizes() {
            for (int size2 = 1; size2 <= SMALL; size2++) {
                for (int size1 = 1; size1 <= size2; size1++) {
                    checkConsistency(size1, size2);
                }
            }
        }

        @Test
        void equal_the_naive_proof_and_verify_for_sampled_pairs_of_large_sizes() {
            for (int i = 0; i < 60; i++) {
                int a = 1 + random.nextInt(MAX_SIZE);
                int b = 1 + random.nextInt(MAX_SIZE);
                checkConsistency(Math.min(a, b), Math.max(a, b));
            }
            checkConsistency(1024, MAX_SIZE);
            checkConsistency(MAX_SIZE - 1, MAX_SIZE);
        }

        private void checkConsistency(int size1, int size2) {
            String where = "sizes " + size1 + " -> " + size2;
            RecordingHashes store = RecordingHashes.of(STORED, size2);

            List<byte[]> proof = MerkleTree.consistencyProof(size1, size2, store);

            assertEquals(hexes(NaiveMerkle.proof(size1, ENTRIES.subList(0, size2))), hexes(proof), where);
            assertDoesNotThrow(() -> MerkleProofs.verifyConsistency(size1, size2, FRONTIER_ROOTS.get(size1),
                    FRONTIER_ROOTS.get(size2), proof), where);
            List<NodeId> planned = MerkleTree.nodesForConsistency(size1, size2);
            assertEquals(planned, store.reads(), where);
            assertEquals(planned.size(), new HashSet<>(planned).size(), where);
            assertTrue(planned.size() <= 2 * bitLength(size2 - 1) + 1, where + " reads " + planned.size());
        }
    }

    @Nested
    class Tampering {

        @Test
        void flipping_any_bit_of_an_inclusion_proof_the_leaf_hash_or_the_root_fails_verification() {
            List<int[]> cases = new ArrayList<>(List.of(new int[] {0, 1}, new int[] {5, 7}));
            for (int i = 0; i < 4; i++) {
                int size = 1 + random.nextInt(MAX_SIZE);
                cases.add(new int[] {random.nextInt(size), size});
            }
            for (int[] c : cases) {
                int index = c[0];
                int size = c[1];
                byte[] leaf = MerkleHash.leaf(ENTRIES.get(index));
                byte[] root = FRONTIER_ROOTS.get(size);
                List<byte[]> proof = MerkleTree.inclusionProof(index, size, STORED::get);
                String where = "index " + index + " size " + size;

                forEachBitFlip(leaf, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyInclusion(flipped, index, size, proof, root), where + " leaf"));
                forEachBitFlip(root, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyInclusion(leaf, index, size, proof, flipped), where + " root"));
                forEachBitFlipOfAnElement(proof, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyInclusion(leaf, index, size, flipped, root), where + " proof"));
            }
        }

        @Test
        void flipping_any_bit_of_a_consistency_proof_or_either_root_fails_verification() {
            List<int[]> cases = new ArrayList<>(List.of(new int[] {4, 7}, new int[] {6, 8}));
            for (int i = 0; i < 4; i++) {
                int size1 = 1 + random.nextInt(MAX_SIZE - 1);
                cases.add(new int[] {size1, size1 + 1 + random.nextInt(MAX_SIZE - size1)});
            }
            for (int[] c : cases) {
                int size1 = c[0];
                int size2 = c[1];
                byte[] root1 = FRONTIER_ROOTS.get(size1);
                byte[] root2 = FRONTIER_ROOTS.get(size2);
                List<byte[]> proof = MerkleTree.consistencyProof(size1, size2, STORED::get);
                String where = "sizes " + size1 + " -> " + size2;

                forEachBitFlip(root1, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyConsistency(size1, size2, flipped, root2, proof), where + " root1"));
                forEachBitFlip(root2, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyConsistency(size1, size2, root1, flipped, proof), where + " root2"));
                forEachBitFlipOfAnElement(proof, flipped -> assertThrows(RootMismatchException.class,
                        () -> MerkleProofs.verifyConsistency(size1, size2, root1, root2, flipped), where + " proof"));
            }
        }

        private void forEachBitFlipOfAnElement(List<byte[]> proof, Consumer<List<byte[]>> check) {
            for (int element = 0; element < proof.size(); element++) {
                int e = element;
                forEachBitFlip(proof.get(e), flipped -> {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    tampered.set(e, flipped);
                    check.accept(tampered);
                });
            }
        }

        private void forEachBitFlip(byte[] hash, Consumer<byte[]> check) {
            for (int bit = 0; bit < hash.length * 8; bit++) {
                byte[] flipped = hash.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                check.accept(flipped);
            }
        }
    }

    /** Sizes 1..64 (every shape of a small tree) plus {@code extra} random sizes up to the maximum. */
    private List<Integer> sampleSizes(int extra) {
        List<Integer> sizes = new ArrayList<>();
        for (int size = 1; size <= 64; size++) {
            sizes.add(size);
        }
        for (int i = 0; i < extra; i++) {
            sizes.add(65 + random.nextInt(MAX_SIZE - 64));
        }
        sizes.add(MAX_SIZE);
        return sizes;
    }

    private static int bitLength(long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }
}
