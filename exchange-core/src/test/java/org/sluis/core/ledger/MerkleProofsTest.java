package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.ledger.TestVectors.base64;
import static org.sluis.core.ledger.TestVectors.base64List;
import static org.sluis.core.ledger.TestVectors.uint64;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MerkleProofsTest {

    private static final TestVectors.Reference REFERENCE = TestVectors.Reference.load();

    @Nested
    class VectorFiles {

        @Test
        void all_shipped_case_files_are_found_on_the_classpath() {
            assertEquals(98, TestVectors.countCases("inclusion"));
            assertEquals(98, TestVectors.countCases("consistency"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.core.ledger.TestVectors#inclusionCases")
        void every_inclusion_case_file_verifies_or_fails_as_it_says(String name, JsonNode c) {
            Executable verify = () -> MerkleProofs.verifyInclusion(base64(c.get("leafHash")), uint64(c.get("leafIdx")),
                    uint64(c.get("treeSize")), base64List(c.get("proof")), base64(c.get("root")));

            expectOutcome(name, c.get("wantErr").asBoolean(), verify);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.core.ledger.TestVectors#consistencyCases")
        void every_consistency_case_file_verifies_or_fails_as_it_says(String name, JsonNode c) {
            Executable verify = () -> MerkleProofs.verifyConsistency(uint64(c.get("size1")), uint64(c.get("size2")),
                    base64(c.get("root1")), base64(c.get("root2")), base64List(c.get("proof")));

            expectOutcome(name, c.get("wantErr").asBoolean(), verify);
        }

        /** A flipped proof bit leaves the proof well-formed, so it must surface as a root mismatch. */
        private void expectOutcome(String name, boolean wantErr, Executable verify) {
            if (!wantErr) {
                assertDoesNotThrow(verify, name);
            } else if (name.contains("/modified-proof")) {
                assertThrows(RootMismatchException.class, verify, name);
            } else {
                assertThrows(ProofException.class, verify, name);
            }
        }
    }

    @Nested
    class VerifyInclusion {

        @Test
        void accepts_the_published_proofs() {
            for (TestVectors.InclusionCase c : REFERENCE.inclusionProofs()) {
                assertDoesNotThrow(() -> MerkleProofs.verifyInclusion(leafHash(c.leafIndex()), c.leafIndex(),
                        c.treeSize(), c.proof(), REFERENCE.roots().get((int) c.treeSize())));
            }
        }

        @Test
        void reports_a_wrong_root_with_both_roots_in_base64() {
            TestVectors.InclusionCase c = REFERENCE.inclusionProofs().get(1);
            byte[] wrongRoot = REFERENCE.roots().get(7);

            RootMismatchException e = assertThrows(RootMismatchException.class, () -> MerkleProofs.verifyInclusion(
                    leafHash(c.leafIndex()), c.leafIndex(), c.treeSize(), c.proof(), wrongRoot));

            byte[] trueRoot = REFERENCE.roots().get(8);
            assertArrayEquals(wrongRoot, e.expectedRoot());
            assertArrayEquals(trueRoot, e.calculatedRoot());
            assertEquals(8, e.treeSize());
            assertEquals("expected root " + Base64.getEncoder().encodeToString(wrongRoot) + " for tree size 8, found"
                    + " calculated root " + Base64.getEncoder().encodeToString(trueRoot), e.getMessage());
        }

        @Test
        void rejects_an_index_equal_to_the_size() {
            ProofException e = assertThrows(ProofException.class,
                    () -> MerkleProofs.verifyInclusion(leafHash(0), 8, 8, List.of(), REFERENCE.roots().get(8)));
            assertEquals("expected 0 <= index < size, found index=8, size=8", e.getMessage());
        }

        @Test
        void rejects_a_negative_index() {
            assertThrows(ProofException.class,
                    () -> MerkleProofs.verifyInclusion(leafHash(0), -1, 8, List.of(), REFERENCE.roots().get(8)));
        }

        @Test
        void rejects_a_leaf_hash_that_is_not_32_bytes() {
            ProofException e = assertThrows(ProofException.class,
                    () -> MerkleProofs.verifyInclusion(new byte[31], 0, 1, List.of(), new byte[31]));
            assertEquals("expected a 32-byte leaf hash, found 31 bytes", e.getMessage());
        }

        @Test
        void rejects_a_proof_with_an_extra_hash_before_hashing() {
            TestVectors.InclusionCase c = REFERENCE.inclusionProofs().get(1);
            List<byte[]> padded = new ArrayList<>(c.proof());
            padded.add(REFERENCE.roots().get(8));

            ProofException e = assertThrows(ProofException.class, () -> MerkleProofs.verifyInclusion(
                    leafHash(c.leafIndex()), c.leafIndex(), c.treeSize(), padded, REFERENCE.roots().get(8)));

            assertEquals("expected an inclusion proof of 3 hashes for index 0 in a tree of size 8, found 4", e.getMessage());
        }

        @Test
        void rejects_a_null_proof_element_as_a_programming_error() {
            List<byte[]> proof = new ArrayList<>();
            proof.add(null);
            assertThrows(NullPointerException.class,
                    () -> MerkleProofs.verifyInclusion(leafHash(0), 0, 2, proof, REFERENCE.roots().get(2)));
        }
    }

    @Nested
    class RootFromInclusionProof {

        @Test
        void recomputes_the_published_root() {
            TestVectors.InclusionCase c = REFERENCE.inclusionProofs().get(4);

            byte[] root = MerkleProofs.rootFromInclusionProof(leafHash(c.leafIndex()), c.leafIndex(), c.treeSize(), c.proof());

            assertArrayEquals(REFERENCE.roots().get(5), root);
        }

        @Test
        void of_a_one_leaf_tree_is_the_leaf_hash() {
            assertArrayEquals(leafHash(0), MerkleProofs.rootFromInclusionProof(leafHash(0), 0, 1, List.of()));
        }

        @Test
        void rejects_the_empty_tree() {
            assertThrows(ProofException.class, () -> MerkleProofs.rootFromInclusionProof(leafHash(0), 0, 0, List.of()));
        }
    }

    @Nested
    class VerifyConsistency {

        @Test
        void accepts_the_published_proofs() {
            for (TestVectors.ConsistencyCase c : REFERENCE.consistencyProofs()) {
                assertDoesNotThrow(() -> MerkleProofs.verifyConsistency(c.size1(), c.size2(),
                        REFERENCE.roots().get((int) c.size1()), REFERENCE.roots().get((int) c.size2()), c.proof()));
            }
        }

        @Test
        void accepts_equal_sizes_with_equal_roots_and_an_empty_proof() {
            assertDoesNotThrow(() -> MerkleProofs.verifyConsistency(5, 5, REFERENCE.roots().get(5),
                    REFERENCE.roots().get(5), List.of()));
        }

        @Test
        void reports_equal_sizes_with_different_roots_as_a_root_mismatch() {
            assertThrows(RootMismatchException.class, () -> MerkleProofs.verifyConsistency(5, 5,
                    REFERENCE.roots().get(5), REFERENCE.roots().get(6), List.of()));
        }

        @Test
        void rejects_equal_sizes_with_a_non_empty_proof() {
            ProofException e = assertThrows(ProofException.class, () -> MerkleProofs.verifyConsistency(5, 5,
                    REFERENCE.roots().get(5), REFERENCE.roots().get(5), List.of(REFERENCE.roots().get(5))));
            assertEquals("expected an empty proof for equal sizes 5, found 1 hashes", e.getMessage());
        }

        @Test
        void rejects_an_old_size_of_zero_even_against_the_empty_tree() {
            byte[] empty = MerkleHash.emptyRoot();

            assertThrows(ProofException.class, () -> MerkleProofs.verifyConsistency(0, 0, empty, empty, List.of()));
            assertThrows(ProofException.class,
                    () -> MerkleProofs.verifyConsistency(0, 8, empty, REFERENCE.roots().get(8), List.of()));
        }

        @Test
        void rejects_an_old_size_above_the_new_size() {
            ProofException e = assertThrows(ProofException.class, () -> MerkleProofs.verifyConsistency(6, 5,
                    REFERENCE.roots().get(6), REFERENCE.roots().get(5), List.of()));
            assertEquals("expected 0 <= size1 <= size2, found size1=6, size2=5", e.getMessage());
        }

        @Test
        void rejects_negative_sizes() {
            assertThrows(ProofException.class, () -> MerkleProofs.verifyConsistency(-1, 5,
                    REFERENCE.roots().get(1), REFERENCE.roots().get(5), List.of()));
        }

        @Test
        void rejects_an_empty_proof_between_different_sizes() {
            assertThrows(ProofException.class, () -> MerkleProofs.verifyConsistency(2, 5,
                    REFERENCE.roots().get(2), REFERENCE.roots().get(5), List.of()));
        }

        @Test
        void reports_a_wrong_old_root_as_a_mismatch_at_the_old_size() {
            TestVectors.ConsistencyCase c = REFERENCE.consistencyProofs().get(2);

            RootMismatchException e = assertThrows(RootMismatchException.class, () -> MerkleProofs.verifyConsistency(
                    c.size1(), c.size2(), REFERENCE.roots().get(5), REFERENCE.roots().get(8), c.proof()));

            assertEquals(6, e.treeSize());
            assertArrayEquals(REFERENCE.roots().get(6), e.calculatedRoot());
            assertTrue(e.getMessage().contains(Base64.getEncoder().encodeToString(REFERENCE.roots().get(5))));
        }
    }

    private static byte[] leafHash(long index) {
        return REFERENCE.nodeHashes().get(0).get((int) index).clone();
    }
}
