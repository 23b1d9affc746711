package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sluis.core.ledger.TestVectors.hex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MerkleFrontierTest {

    private static final TestVectors.Reference REFERENCE = TestVectors.Reference.load();
    private static final Map<NodeId, byte[]> STORED = RecordingHashes.fromLevels(REFERENCE.nodeHashes());

    @Nested
    class Append {

        @Test
        void to_the_empty_tree_creates_only_the_leaf() {
            MerkleFrontier frontier = MerkleFrontier.empty();

            List<StoredNode> created = frontier.append(leafHash(0));

            assertEquals(List.of(new StoredNode(NodeId.leaf(0), leafHash(0))), created);
            assertEquals(1, frontier.size());
        }

        @Test
        void completing_subtrees_creates_each_completed_ancestor_bottom_up() {
            MerkleFrontier frontier = MerkleFrontier.empty();
            for (int i = 0; i < 7; i++) {
                frontier.append(leafHash(i));
            }

            List<StoredNode> created = frontier.append(leafHash(7));

            assertEquals(List.of(stored(0, 7), stored(1, 3), stored(2, 1), stored(3, 0)), created);
        }

        @Test
        void creates_exactly_the_published_nodes_of_the_reference_tree() {
            MerkleFrontier frontier = MerkleFrontier.empty();
            Map<NodeId, String> created = new HashMap<>();
            for (int i = 0; i < 8; i++) {
                frontier.append(leafHash(i)).forEach(node -> created.put(node.id(), hex(node.hash())));
            }

            Map<NodeId, String> published = STORED.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> hex(e.getValue())));
            assertEquals(published, created);
        }

        @Test
        void gives_the_published_root_after_every_leaf() {
            MerkleFrontier frontier = MerkleFrontier.empty();
            assertEquals(hex(REFERENCE.roots().get(0)), hex(frontier.root()));
            for (int i = 0; i < 8; i++) {
                frontier.append(leafHash(i));
                assertEquals(hex(REFERENCE.roots().get(i + 1)), hex(frontier.root()), "size " + (i + 1));
            }
        }

        @Test
        void a_batch_of_k_leaves_to_the_empty_tree_creates_2k_minus_bitcount_k_nodes() {
            // Every created node above level 0 costs exactly one node hash, so this bounds the work.
            int k = 1000;
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                leaves.add(MerkleHash.leaf(new byte[] {(byte) i, (byte) (i >> 8)}));
            }

            List<StoredNode> created = MerkleFrontier.empty().appendAll(leaves);

            assertEquals(2 * k - Integer.bitCount(k), created.size());
        }

        @Test
        void rejects_a_leaf_hash_of_the_wrong_length_without_changing_the_tree() {
            MerkleFrontier frontier = MerkleFrontier.empty();
            frontier.append(leafHash(0));

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> frontier.append(new byte[20]));

            assertEquals("expected a 32-byte leaf hash, found 20 bytes", e.getMessage());
            assertEquals(1, frontier.size());
            assertEquals(hex(REFERENCE.roots().get(1)), hex(frontier.root()));
        }

        @Test
        void refuses_to_grow_beyond_the_largest_tree_size() {
            MerkleFrontier frontier = MerkleFrontier.of(Long.MAX_VALUE - 1, id -> new byte[MerkleHash.HASH_SIZE]);

            assertEquals(List.of(NodeId.leaf(Long.MAX_VALUE - 1)),
                    frontier.append(leafHash(0)).stream().map(StoredNode::id).collect(Collectors.toList()));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> frontier.append(leafHash(1)));
            assertEquals("expected room for another leaf, found size=" + Long.MAX_VALUE, e.getMessage());
        }

        @Test
        void keeps_its_own_copy_of_the_leaf_hash() {
            MerkleFrontier frontier = MerkleFrontier.empty();
            byte[] leaf = leafHash(0);
            frontier.append(leaf);

            leaf[0] ^= 1;

            assertEquals(hex(REFERENCE.roots().get(1)), hex(frontier.root()));
        }
    }

    @Nested
    class Of {

        @Test
        void loads_the_right_edge_reading_exactly_the_root_nodes() {
            for (int size = 0; size <= 8; size++) {
                RecordingHashes store = RecordingHashes.of(STORED, size);

                MerkleFrontier frontier = MerkleFrontier.of(size, store);

                assertEquals(size, frontier.size());
                assertEquals(hex(REFERENCE.roots().get(size)), hex(frontier.root()), "size " + size);
                assertEquals(MerkleTree.nodesForRoot(size), store.reads(), "reads for size " + size);
                assertEquals(MerkleTree.rangeNodes(0, size),
                        frontier.rightEdge().stream().map(StoredNode::id).collect(Collectors.toList()));
            }
        }

        @Test
        void continues_exactly_as_a_frontier_that_was_never_reloaded() {
            MerkleFrontier reloaded = MerkleFrontier.of(5, RecordingHashes.of(STORED, 5));
            MerkleFrontier original = MerkleFrontier.empty();
            for (int i = 0; i < 5; i++) {
                original.append(leafHash(i));
            }

            for (int i = 5; i < 8; i++) {
                assertEquals(original.append(leafHash(i)), reloaded.append(leafHash(i)), "append of leaf " + i);
            }
            assertArrayEquals(REFERENCE.roots().get(8), reloaded.root());
        }

        @Test
        void rejects_a_negative_size() {
            assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.of(-1, STORED::get));
        }

        @Test
        void fails_when_the_store_lacks_an_edge_node() {
            assertThrows(IllegalStateException.class, () -> MerkleFrontier.of(9, STORED::get));
        }
    }

    @Nested
    class Root {

        @Test
        void of_the_empty_tree_is_the_empty_root() {
            assertArrayEquals(MerkleHash.emptyRoot(), MerkleFrontier.empty().root());
        }

        @Test
        void is_a_copy_that_callers_cannot_corrupt() {
            MerkleFrontier frontier = MerkleFrontier.of(3, STORED::get);

            frontier.root()[0] ^= 1;

            assertEquals(hex(REFERENCE.roots().get(3)), hex(frontier.root()));
        }
    }

    private static byte[] leafHash(int i) {
        return REFERENCE.nodeHashes().get(0).get(i).clone();
    }

    private static StoredNode stored(int level, int index) {
        return new StoredNode(new NodeId(level, index), REFERENCE.nodeHashes().get(level).get(index));
    }
}
