package org.sluis.core.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Verification of RFC 9162 inclusion proofs (§2.1.3.2) and consistency proofs (§2.1.4.2).
 *
 * <p>The checks follow transparency-dev/merkle {@code proof/verify.go} (whose test vectors are
 * run against this class): a proof is split at the level where the path to the proven node
 * diverges from the path to the last leaf. Below it ("inner" part) each bit of the node index
 * says whether the proof hash is a left or a right sibling; above it ("border" part) the path
 * runs along the right edge, so every proof hash is a left sibling. The expected proof length is
 * therefore fixed by the sizes alone and is checked before any hashing, which rejects truncated,
 * padded and reordered proofs.
 *
 * <p>All inputs are treated as untrusted: every failure, including out-of-range sizes or
 * indices, is a {@link ProofException}; a proof that is well-formed but leads to another root is
 * a {@link RootMismatchException}. Null arguments (and null proof elements) are programming
 * errors and throw {@link NullPointerException}. Only the leaf hash length is checked; proof
 * hashes and roots of other lengths simply fail to match. The class is stateless and
 * thread-safe.
 *
 * <p>Deliberate choice for consistency proofs: {@code size1 == 0} is always rejected, even with
 * {@code size2 == 0}. Every tree extends the empty tree, so such a "proof" proves nothing; the
 * shipped vectors ({@code consistency/additional/size1-is-zero-*},
 * {@code sizes-are-equal-zero-and-proof-is-empty}) require this. Newer verify.go releases
 * accept it instead.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /**
     * Verifies that {@code leafHash} is the leaf at {@code index} of the tree of {@code size}
     * leaves whose root is {@code root}, using the audit path {@code proof}
     * (RFC 9162 §2.1.3.2).
     *
     * @param leafHash the {@link MerkleHash#leaf leaf hash} of the entry
     * @param index    the claimed leaf index
     * @param size     the size of the tree {@code root} belongs to
     * @param proof    the audit path, leaf upwards
     * @param root     the trusted root hash of the tree of {@code size} leaves
     * @throws RootMismatchException if the proof leads to a different root
     * @throws ProofException        unless {@code 0 <= index < size}, if the leaf hash is not 32
     *                               bytes, or if the proof has the wrong number of hashes
     */
    public static void verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        Objects.requireNonNull(root, "root");
        byte[] calculated = rootFromInclusionProof(leafHash, index, size, proof);
        requireMatch(size, root, calculated);
    }

    /**
     * Recomputes the root of the tree of {@code size} leaves from a leaf hash and its audit
     * path (RFC 9162 §2.1.3.2 steps 1-5). The result is only meaningful once compared with a
     * trusted root; prefer {@link #verifyInclusion}.
     *
     * @param leafHash the {@link MerkleHash#leaf leaf hash} of the entry
     * @param index    the claimed leaf index
     * @param size     the tree size
     * @param proof    the audit path, leaf upwards
     * @return the calculated 32-byte root
     * @throws ProofException unless {@code 0 <= index < size}, if the leaf hash is not 32 bytes,
     *                        or if the proof has the wrong number of hashes
     */
    public static byte[] rootFromInclusionProof(byte[] leafHash, long index, long size, List<byte[]> proof) {
        Objects.requireNonNull(leafHash, "leafHash");
        requireElementsNonNull(proof);
        if (index < 0 || size < 0 || index >= size) {
            throw new ProofException("expected 0 <= index < size, found index=" + index
                    + ", size=" + size);
        }
        if (leafHash.length != MerkleHash.HASH_SIZE) {
            throw new ProofException("expected a " + MerkleHash.HASH_SIZE + "-byte leaf hash, found "
                    + leafHash.length + " bytes");
        }
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        if (proof.size() != inner + border) {
            throw new ProofException("expected an inclusion proof of " + (inner + border) + " hashes for index "
                    + index + " in a tree of size " + size + ", found " + proof.size());
        }
        byte[] hash = chainInner(leafHash, proof.subList(0, inner), index);
        return chainBorderRight(hash, proof.subList(inner, proof.size()));
    }

    /**
     * Verifies that the tree of {@code size1} leaves with root {@code root1} is a prefix of the
     * tree of {@code size2} leaves with root {@code root2}, using the consistency proof
     * {@code proof} (RFC 9162 §2.1.4.2).
     *
     * <p>Equal sizes need an empty proof and equal roots. {@code size1 == 0} is rejected (see the
     * class comment).
     *
     * @param size1 size of the older tree
     * @param size2 size of the newer tree
     * @param root1 trusted root of the older tree
     * @param root2 trusted root of the newer tree
     * @param proof the consistency proof
     * @throws RootMismatchException if the proof leads to a root other than {@code root1} or
     *                               {@code root2}, or if the sizes are equal and the roots differ
     * @throws ProofException        unless {@code 0 < size1 <= size2}, or if the proof has the
     *                               wrong number of hashes
     */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        requireElementsNonNull(proof);
        if (size1 < 0 || size2 < 0 || size2 < size1) {
            throw new ProofException("expected 0 <= size1 <= size2, found size1=" + size1
                    + ", size2=" + size2);
        }
        if (size1 == 0) {
            throw new ProofException("expected size1 > 0 (consistency with the empty tree proves nothing), found size1=0,"
                    + " size2=" + size2);
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException("expected an empty proof for equal sizes " + size1 + ", found "
                        + proof.size() + " hashes");
            }
            requireMatch(size2, root2, root1);
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("expected a non-empty proof from size " + size1 + " to " + size2 + ", found none");
        }

        // The proof is the path of the largest perfect subtree ending at size1, whose hash "seed"
        // is proof[0], or root1 itself when size1 is a power of two.
        int shift = Long.numberOfTrailingZeros(size1);
        int inner = innerProofSize(size1 - 1, size2) - shift;
        int border = Long.bitCount((size1 - 1) >>> (inner + shift));
        boolean seedIsRoot1 = size1 == Long.lowestOneBit(size1);
        int start = seedIsRoot1 ? 0 : 1;
        if (proof.size() != start + inner + border) {
            throw new ProofException("expected a consistency proof of " + (start + inner + border)
                    + " hashes from size " + size1 + " to " + size2 + ", found " + proof.size());
        }
        byte[] seed = seedIsRoot1 ? root1 : proof.get(0);
        List<byte[]> innerHashes = proof.subList(start, start + inner);
        List<byte[]> borderHashes = proof.subList(start + inner, proof.size());
        long mask = (size1 - 1) >>> shift;

        byte[] calculated1 = chainBorderRight(chainInnerRight(seed, innerHashes, mask), borderHashes);
        requireMatch(size1, root1, calculated1);
        byte[] calculated2 = chainBorderRight(chainInner(seed, innerHashes, mask), borderHashes);
        requireMatch(size2, root2, calculated2);
    }

    /** Number of proof levels below the point where the paths to {@code index} and {@code size - 1} meet. */
    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    /** Hashes up from {@code seed}; bit {@code i} of {@code index} says on which side proof[i] is. */
    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        byte[] hash = seed;
        for (int i = 0; i < proof.size(); i++) {
            hash = ((index >>> i) & 1) == 0 ? MerkleHash.node(hash, proof.get(i)) : MerkleHash.node(proof.get(i), hash);
        }
        return hash;
    }

    /** Like {@link #chainInner} but only left siblings count: the hash of the older, smaller subtree. */
    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        byte[] hash = seed;
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                hash = MerkleHash.node(proof.get(i), hash);
            }
        }
        return hash;
    }

    /** Along the right edge every proof hash is a left sibling. */
    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        byte[] hash = seed;
        for (byte[] left : proof) {
            hash = MerkleHash.node(left, hash);
        }
        return hash;
    }

    private static void requireMatch(long size, byte[] expected, byte[] calculated) {
        if (!MessageDigest.isEqual(expected, calculated)) {
            throw new RootMismatchException(size, expected, calculated);
        }
    }

    private static void requireElementsNonNull(List<byte[]> proof) {
        Objects.requireNonNull(proof, "proof");
        for (int i = 0; i < proof.size(); i++) {
            Objects.requireNonNull(proof.get(i), "proof element");
        }
    }
}
