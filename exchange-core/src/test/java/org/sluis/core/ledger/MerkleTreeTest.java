package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.ledger.TestVectors.hex;
import static org.sluis.core.ledger.TestVectors.hexes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MerkleTreeTest {

    private static final TestVectors.Reference REFERENCE = TestVectors.Reference.load();
    /** The published node hashes of the reference tree, as a store would hold them. */
    private static final Map<NodeId, byte[]> STORED = RecordingHashes.fromLevels(REFERENCE.nodeHashes());

    @Nested
    class RangeNodes {

        @Test
        void an_empty_range_has_no_nodes() {
            assertEquals(List.of(), MerkleTree.rangeNodes(5, 5));
        }

        @Test
        void a_prefix_of_the_tree_splits_by_the_binary_digits_of_its_size() {
            assertEquals(List.of(new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12)), MerkleTree.rangeNodes(0, 13));
        }

        @Test
        void an_unaligned_range_rises_then_falls() {
            assertEquals(List.of(new NodeId(0, 5), new NodeId(1, 3), new NodeId(2, 2), new NodeId(0, 12)),
                    MerkleTree.rangeNodes(5, 13));
        }

        @Test
        void the_largest_tree_size_needs_63_nodes() {
            List<NodeId> nodes = MerkleTree.rangeNodes(0, Long.MAX_VALUE);

            assertEquals(63, nodes.size());
            assertEquals(new NodeId(62, 0), nodes.get(0));
            assertEquals(Long.MAX_VALUE, nodes.get(62).end());
        }

        @Test
        void rejects_a_range_whose_end_precedes_its_start() {
            assertMessage(() -> MerkleTree.rangeNodes(3, 2), "expected 0 <= from <= to, found from=3, to=2");
        }

        @Test
        void rejects_a_negative_start() {
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.rangeNodes(-1, 2));
        }
    }

    @Nested
    class RootHash {

        @Test
        void of_the_empty_tree_is_the_empty_root_and_reads_nothing() {
            RecordingHashes store = RecordingHashes.of(STORED, 0);

            assertEquals(hex(MerkleHash.emptyRoot()), hex(MerkleTree.rootHash(0, store)));
            assertEquals(List.of(), store.reads());
        }

        @Test
        void matches_the_published_roots_for_sizes_1_to_8() {
            for (int size = 1; size <= 8; size++) {
                RecordingHashes store = RecordingHashes.of(STORED, size);

                assertEquals(hex(REFERENCE.roots().get(size)), hex(MerkleTree.rootHash(size, store)), "size " + size);
                assertEquals(MerkleTree.nodesForRoot(size), store.reads(), "reads for size " + size);
            }
        }

        @Test
        void rejects_a_negative_size() {
            assertMessage(() -> MerkleTree.rootHash(-1, STORED::get), "expected size >= 0, found size=-1");
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.nodesForRoot(-1));
        }

        @Test
        void fails_when_the_store_has_no_hash_for_a_node() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MerkleTree.rootHash(3, id -> null));
            assertTrue(e.getMessage().contains("found none"), e.getMessage());
        }

        @Test
        void fails_when_the_store_returns_a_hash_of_the_wrong_length() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> MerkleTree.rootHash(3, id -> new byte[31]));
            assertTrue(e.getMessage().contains("found 31 bytes"), e.getMessage());
        }
    }

    @Nested
    class InclusionProof {

        @Test
        void matches_the_published_proofs() {
            for (TestVectors.InclusionCase c : REFERENCE.inclusionProofs()) {
                RecordingHashes store = RecordingHashes.of(STORED, c.treeSize());

                List<byte[]> proof = MerkleTree.inclusionProof(c.leafIndex(), c.treeSize(), store);

                assertEquals(hexes(c.proof()), hexes(proof), "index " + c.leafIndex() + " size " + c.treeSize());
                assertEquals(MerkleTree.nodesForInclusion(c.leafIndex(), c.treeSize()), store.reads());
            }
        }

        @Test
        void reads_the_whole_right_edge_when_the_sibling_is_cut_by_it() {
            // Leaf 0 of 7 leaves: its level-2 sibling [4, 8) is cut to [4, 7) = (1,2) + (0,6).
            assertEquals(List.of(new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6)),
                    MerkleTree.nodesForInclusion(0, 7));
        }

        @Test
        void plans_stay_within_the_largest_tree_size_without_overflow() {
            for (long index : new long[] {0, 1L << 62, Long.MAX_VALUE - 2, Long.MAX_VALUE - 1}) {
                assertWithinBounds(MerkleTree.nodesForInclusion(index, Long.MAX_VALUE), Long.MAX_VALUE, 2 * 63);
            }
            // Leaf 0: 62 full siblings, then the level-62 sibling [2^62, 2^63 - 1) cut into 62 nodes.
            assertEquals(124, MerkleTree.nodesForInclusion(0, Long.MAX_VALUE).size());
        }

        @Test
        void rejects_an_index_equal_to_the_size() {
            assertMessage(() -> MerkleTree.inclusionProof(8, 8, STORED::get), "expected 0 <= index < size, found index=8, size=8");
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.nodesForInclusion(8, 8));
        }

        @Test
        void rejects_a_negative_index() {
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(-1, 8, STORED::get));
        }

        @Test
        void rejects_the_empty_tree() {
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.nodesForInclusion(0, 0));
        }

        @Test
        void rejects_a_negative_size() {
            assertMessage(() -> MerkleTree.nodesForInclusion(0, -4), "expected size >= 0, found size=-4");
        }
    }

    @Nested
    class ConsistencyProof {

        @Test
        void matches_the_published_proofs() {
            for (TestVectors.ConsistencyCase c : REFERENCE.consistencyProofs()) {
                RecordingHashes store = RecordingHashes.of(STORED, c.size2());

                List<byte[]> proof = MerkleTree.consistencyProof(c.size1(), c.size2(), store);

                assertEquals(hexes(c.proof()), hexes(proof), "sizes " + c.size1() + " -> " + c.size2());
                assertEquals(MerkleTree.nodesForConsistency(c.size1(), c.size2()), store.reads());
            }
        }

        @Test
        void is_empty_from_the_empty_tree() {
            assertEquals(List.of(), MerkleTree.consistencyProof(0, 8, RecordingHashes.of(STORED, 8)));
            assertEquals(List.of(), MerkleTree.nodesForConsistency(0, 8));
        }

        @Test
        void is_empty_between_equal_sizes() {
            assertEquals(List.of(), MerkleTree.consistencyProof(5, 5, RecordingHashes.of(STORED, 5)));
        }

        @Test
        void starts_with_the_old_trees_last_subtree_unless_the_old_size_is_a_power_of_two() {
            assertEquals(List.of(new NodeId(1, 2), new NodeId(1, 3), new NodeId(2, 0)),
                    MerkleTree.nodesForConsistency(6, 8));
            // The old root (2,0) is known to the verifier, so only its sibling is needed.
            assertEquals(List.of(new NodeId(2, 1)), MerkleTree.nodesForConsistency(4, 8));
        }

        @Test
        void plans_stay_within_the_largest_tree_size_without_overflow() {
            for (long size1 : new long[] {1, 3, 1L << 62, (1L << 62) + 1, Long.MAX_VALUE - 1}) {
                assertWithinBounds(MerkleTree.nodesForConsistency(size1, Long.MAX_VALUE), Long.MAX_VALUE, 2 * 63 + 1);
            }
        }

        @Test
        void rejects_an_old_size_above_the_new_size() {
            assertMessage(() -> MerkleTree.consistencyProof(5, 4, STORED::get),
                    "expected size1 <= size2, found size1=5, size2=4");
            assertThrows(IllegalArgumentException.class, () -> MerkleTree.nodesForConsistency(5, 4));
        }

        @Test
        void rejects_negative_sizes() {
            assertMessage(() -> MerkleTree.nodesForConsistency(-1, 4), "expected size1 >= 0, found size1=-1");
            assertMessage(() -> MerkleTree.nodesForConsistency(0, -1), "expected size2 >= 0, found size2=-1");
        }
    }

    /** The nodes are perfect subtrees inside the tree, pairwise disjoint, and few. */
    private static void assertWithinBounds(List<NodeId> nodes, long size, int maxNodes) {
        assertTrue(nodes.size() <= maxNodes, "expected at most " + maxNodes + " nodes, found " + nodes.size());
        List<NodeId> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingLong(NodeId::begin));
        for (int i = 0; i < sorted.size(); i++) {
            assertTrue(sorted.get(i).end() <= size, () -> "node beyond the tree: " + nodes);
            if (i > 0) {
                assertTrue(sorted.get(i - 1).end() <= sorted.get(i).begin(), () -> "overlapping nodes: " + nodes);
            }
        }
    }

    private static void assertMessage(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
