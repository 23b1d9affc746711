package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sluis.core.ledger.TestVectors.hex;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MerkleHashTest {

    private static final TestVectors.Reference REFERENCE = TestVectors.Reference.load();

    @Nested
    class Prefixes {

        @Test
        void leaf_prefix_is_0x00_and_node_prefix_is_0x01() {
            assertEquals(0x00, MerkleHash.LEAF_PREFIX);
            assertEquals(0x01, MerkleHash.NODE_PREFIX);
        }

        @Test
        void a_node_hash_never_equals_the_leaf_hash_of_the_same_bytes() {
            byte[] left = REFERENCE.nodeHashes().get(0).get(0);
            byte[] right = REFERENCE.nodeHashes().get(0).get(1);
            byte[] concatenated = concat(left, right);

            assertFalse(Arrays.equals(MerkleHash.node(left, right), MerkleHash.leaf(concatenated)));
        }
    }

    @Nested
    class EmptyRoot {

        @Test
        void is_the_sha256_of_the_empty_string() {
            assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    hex(MerkleHash.emptyRoot()));
        }

        @Test
        void is_a_fresh_copy_that_callers_cannot_corrupt() {
            MerkleHash.emptyRoot()[0] ^= 1;

            assertArrayEquals(REFERENCE.roots().get(0), MerkleHash.emptyRoot());
        }
    }

    @Nested
    class Leaf {

        @Test
        void hashes_the_reference_leaves_to_the_published_level_0_hashes() {
            for (int i = 0; i < REFERENCE.leaves().size(); i++) {
                assertEquals(hex(REFERENCE.nodeHashes().get(0).get(i)), hex(MerkleHash.leaf(REFERENCE.leaves().get(i))),
                        "leaf " + i);
            }
        }

        @Test
        void is_sha256_of_0x00_followed_by_the_entry() throws Exception {
            byte[] entry = {1, 2, 3};

            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[] {0, 1, 2, 3}), MerkleHash.leaf(entry));
        }

        @Test
        void rejects_a_null_entry() {
            assertThrows(NullPointerException.class, () -> MerkleHash.leaf(null));
        }
    }

    @Nested
    class Node {

        @Test
        void hashes_published_children_to_their_published_parents() {
            List<List<byte[]>> levels = REFERENCE.nodeHashes();
            for (int level = 1; level < levels.size(); level++) {
                for (int index = 0; index < levels.get(level).size(); index++) {
                    byte[] parent = MerkleHash.node(levels.get(level - 1).get(2 * index),
                            levels.get(level - 1).get(2 * index + 1));
                    assertEquals(hex(levels.get(level).get(index)), hex(parent), "node " + level + "/" + index);
                }
            }
        }

        @Test
        void is_sha256_of_0x01_followed_by_left_and_right() throws Exception {
            byte[] left = {7};
            byte[] right = {8, 9};

            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 7, 8, 9}),
                    MerkleHash.node(left, right));
        }

        @Test
        void depends_on_the_order_of_the_children() {
            byte[] a = REFERENCE.nodeHashes().get(0).get(0);
            byte[] b = REFERENCE.nodeHashes().get(0).get(1);

            assertFalse(Arrays.equals(MerkleHash.node(a, b), MerkleHash.node(b, a)));
        }

        @Test
        void gives_the_same_results_when_called_from_many_threads() throws Exception {
            byte[] a = REFERENCE.nodeHashes().get(0).get(0);
            byte[] b = REFERENCE.nodeHashes().get(0).get(1);
            byte[] expected = REFERENCE.nodeHashes().get(1).get(0);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = pool.invokeAll(Collections.nCopies(8, () -> {
                    for (int i = 0; i < 2_000; i++) {
                        if (!Arrays.equals(expected, MerkleHash.node(a, MerkleHash.leaf(REFERENCE.leaves().get(1))))) {
                            return false;
                        }
                    }
                    return true;
                }));
                for (Future<Boolean> result : results) {
                    assertEquals(Boolean.TRUE, result.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertArrayEquals(expected, MerkleHash.node(a, b));
        }
    }

    private static byte[] concat(byte[] left, byte[] right) {
        byte[] out = Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, out, left.length, right.length);
        return out;
    }
}
