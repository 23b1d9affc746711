package org.sluis.core.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Root hashes, inclusion proofs and consistency proofs of an RFC 9162 Merkle tree, computed
 * only from stored perfect-subtree hashes ({@link SubtreeHashes}).
 *
 * <p><b>Algorithm.</b> {@code MTH(D[0:n])} (RFC 9162 §2.1.1) splits off the largest power of two
 * {@code k < n}, so every range it recurses into starts at a multiple of a power of two at least
 * as large as the range. Such a range {@code [a, b)} decomposes into the perfect subtrees given
 * by the binary digits of {@code b - a}, from the largest down ({@link #rangeNodes}); its
 * {@code MTH} is those subtree hashes folded right to left with {@link MerkleHash#node}.
 *
 * <ul>
 *   <li>The root is the fold of {@code rangeNodes(0, n)}: at most {@code bitCount(n)} reads.</li>
 *   <li>An inclusion proof ({@code PATH}, RFC 9162 §2.1.3.1) walks up from the leaf. At each
 *   level the sibling of the current node is either a perfect subtree (one read), absent
 *   because it starts at or beyond {@code n} (the node is carried up unchanged), or cut by the
 *   right edge of the tree, in which case the proof element is the {@code MTH} of
 *   {@code [sibling.begin, n)} (a fold of {@code rangeNodes}). At most one sibling is cut.</li>
 *   <li>A consistency proof ({@code PROOF}/{@code SUBPROOF}, RFC 9162 §2.1.4.1) from {@code m}
 *   to {@code n} is the inclusion path, in the tree of size {@code n}, of the largest perfect
 *   subtree that ends at {@code m}, preceded by that subtree's hash unless {@code m} is a power
 *   of two (then the verifier already holds it as the old root). This is the decomposition used
 *   by transparency-dev/merkle ({@code proof/proof.go}).</li>
 * </ul>
 *
 * <p>Each operation first builds a <em>plan</em> (the list of node groups whose folds are the
 * output hashes) and then reads it. The {@code nodesFor*} companions return the same plan
 * flattened, so a store can fetch every node in one query and serve the computation from that
 * batch. Read counts for a tree of size {@code n} with {@code h = bitLength(n - 1)}: root
 * {@code <= h + 1}, inclusion {@code <= 2h}, consistency {@code <= 2h + 1}.
 *
 * <p>Precondition violations throw {@link IllegalArgumentException}; a {@link SubtreeHashes}
 * that returns null or a hash of the wrong length makes the operation throw
 * {@link IllegalStateException}. The class is stateless and thread-safe.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /**
     * Decomposes the leaf range {@code [from, to)} into the fewest perfect subtrees, left to
     * right (the "compact range" of the range).
     *
     * <p>For {@code from == 0} (and every range {@code MTH} recurses into, RFC 9162 §2.1.1) these
     * are the subtrees given by the set bits of {@code to - from}, largest first, and the
     * right-to-left fold of their hashes is {@code MTH(D[from:to])}. For an arbitrary
     * {@code from} the levels first rise, then fall.
     *
     * @param from first leaf of the range, inclusive
     * @param to   end of the range, exclusive
     * @return the subtrees, ordered by the leaves they cover; empty if {@code from == to}
     * @throws IllegalArgumentException unless {@code 0 <= from <= to}
     */
    public static List<NodeId> rangeNodes(long from, long to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    "expected 0 <= from <= to, found from=" + from + ", to=" + to);
        }
        List<NodeId> nodes = new ArrayList<>();
        long position = from;
        while (position < to) {
            int alignment = position == 0 ? NodeId.MAX_LEVEL : Long.numberOfTrailingZeros(position);
            int fits = 63 - Long.numberOfLeadingZeros(to - position);
            int level = Math.min(alignment, fits);
            nodes.add(new NodeId(level, position >>> level));
            position += 1L << level;
        }
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Computes the Merkle Tree Hash {@code MTH(D[0:size])} (RFC 9162 §2.1.1) from the stored
     * hashes of {@link #nodesForRoot nodesForRoot(size)}.
     *
     * @param size   number of leaves; 0 gives {@link MerkleHash#emptyRoot()}
     * @param hashes source of the stored subtree hashes
     * @return the 32-byte root hash
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws IllegalStateException    if {@code hashes} returns null or a wrong-length hash
     */
    public static byte[] rootHash(long size, SubtreeHashes hashes) {
        Objects.requireNonNull(hashes, "hashes");
        List<NodeId> nodes = nodesForRoot(size);
        return nodes.isEmpty() ? MerkleHash.emptyRoot() : fold(nodes, hashes);
    }

    /**
     * Returns exactly the nodes {@link #rootHash} reads for {@code size}, in read order:
     * {@code rangeNodes(0, size)}, at most 63.
     *
     * @param size number of leaves
     * @return the distinct node ids; empty for the empty tree
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public static List<NodeId> nodesForRoot(long size) {
        requireSize(size, "size");
        return rangeNodes(0, size);
    }

    /**
     * Computes the audit path {@code PATH(index, D[0:size])} of RFC 9162 §2.1.3.1: the hashes
     * needed to recompute the root from the leaf hash, ordered from the leaf upwards.
     *
     * @param index  leaf index
     * @param size   tree size
     * @param hashes source of the stored subtree hashes
     * @return the proof, at most 63 hashes; empty for a one-leaf tree
     * @throws IllegalArgumentException unless {@code 0 <= index < size}
     * @throws IllegalStateException    if {@code hashes} returns null or a wrong-length hash
     */
    public static List<byte[]> inclusionProof(long index, long size, SubtreeHashes hashes) {
        Objects.requireNonNull(hashes, "hashes");
        return evaluate(inclusionPlan(index, size), hashes);
    }

    /**
     * Returns exactly the nodes {@link #inclusionProof} reads, in read order.
     *
     * @param index leaf index
     * @param size  tree size
     * @return the distinct node ids, at most {@code 2 * bitLength(size - 1)}
     * @throws IllegalArgumentException unless {@code 0 <= index < size}
     */
    public static List<NodeId> nodesForInclusion(long index, long size) {
        return flatten(inclusionPlan(index, size));
    }

    /**
     * Computes the consistency proof {@code PROOF(size1, D[0:size2])} of RFC 9162 §2.1.4.1
     * ({@code SUBPROOF(size1, D[0:size2], true)}), which proves that the tree of size
     * {@code size1} is a prefix of the tree of size {@code size2}.
     *
     * <p>The proof is empty when {@code size1 == size2} (RFC 9162 §2.1.4.1) and when
     * {@code size1 == 0}, for which RFC 9162 defines no proof; note that
     * {@link MerkleProofs#verifyConsistency} rejects {@code size1 == 0}.
     *
     * @param size1  size of the older tree
     * @param size2  size of the newer tree
     * @param hashes source of the stored subtree hashes (of the tree of size {@code size2})
     * @return the proof hashes, at most 64
     * @throws IllegalArgumentException unless {@code 0 <= size1 <= size2}
     * @throws IllegalStateException    if {@code hashes} returns null or a wrong-length hash
     */
    public static List<byte[]> consistencyProof(long size1, long size2, SubtreeHashes hashes) {
        Objects.requireNonNull(hashes, "hashes");
        return evaluate(consistencyPlan(size1, size2), hashes);
    }

    /**
     * Returns exactly the nodes {@link #consistencyProof} reads, in read order.
     *
     * @param size1 size of the older tree
     * @param size2 size of the newer tree
     * @return the distinct node ids, at most {@code 2 * bitLength(size2 - 1) + 1}
     * @throws IllegalArgumentException unless {@code 0 <= size1 <= size2}
     */
    public static List<NodeId> nodesForConsistency(long size1, long size2) {
        return flatten(consistencyPlan(size1, size2));
    }

    /**
     * Reads one stored hash and checks the store kept its side of the {@link SubtreeHashes}
     * contract.
     */
    static byte[] read(SubtreeHashes hashes, NodeId id) {
        byte[] hash = hashes.hash(id);
        if (hash == null) {
            throw new IllegalStateException("expected a stored hash for " + id + ", found none");
        }
        if (hash.length != MerkleHash.HASH_SIZE) {
            throw new IllegalStateException("expected a " + MerkleHash.HASH_SIZE + "-byte hash for "
                    + id + ", found " + hash.length + " bytes");
        }
        return hash;
    }

    private static List<List<NodeId>> inclusionPlan(long index, long size) {
        requireSize(size, "size");
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(
                    "expected 0 <= index < size, found index=" + index + ", size=" + size);
        }
        return pathPlan(NodeId.leaf(index), size, new ArrayList<>());
    }

    private static List<List<NodeId>> consistencyPlan(long size1, long size2) {
        requireSize(size1, "size1");
        requireSize(size2, "size2");
        if (size1 > size2) {
            throw new IllegalArgumentException(
                    "expected size1 <= size2, found size1=" + size1 + ", size2=" + size2);
        }
        List<List<NodeId>> plan = new ArrayList<>();
        if (size1 == 0 || size1 == size2) {
            return plan;
        }
        // The largest perfect subtree ending at size1; every older leaf left of it is covered by
        // the left siblings on its path, so its path in the newer tree proves both roots.
        int level = Long.numberOfTrailingZeros(size1);
        NodeId lastOfOld = new NodeId(level, (size1 - 1) >>> level);
        if (lastOfOld.index() != 0) {
            plan.add(List.of(lastOfOld));
        }
        return pathPlan(lastOfOld, size2, plan);
    }

    /**
     * Appends to {@code plan} the path from the perfect subtree {@code start} to the root of
     * the tree of {@code size} leaves: one group per proof hash, bottom-up.
     */
    private static List<List<NodeId>> pathPlan(NodeId start, long size, List<List<NodeId>> plan) {
        int rootLevel = 64 - Long.numberOfLeadingZeros(size - 1);
        long index = start.index();
        for (int level = start.level(); level < rootLevel; level++, index >>>= 1) {
            if ((index & 1) == 1) {
                plan.add(List.of(new NodeId(level, index - 1)));
                continue;
            }
            long width = 1L << level;
            long leavesFromHere = size - (index << level);
            if (leavesFromHere <= width) {
                continue; // no right sibling within the tree: this node is carried up as is
            }
            if (leavesFromHere - width >= width) { // written so that 2 * 2^62 cannot overflow
                plan.add(List.of(new NodeId(level, index + 1)));
            } else {
                plan.add(rangeNodes((index + 1) << level, size)); // sibling cut by the right edge
            }
        }
        return plan;
    }

    private static List<byte[]> evaluate(List<List<NodeId>> plan, SubtreeHashes hashes) {
        List<byte[]> proof = new ArrayList<>(plan.size());
        for (List<NodeId> group : plan) {
            proof.add(fold(group, hashes));
        }
        return Collections.unmodifiableList(proof);
    }

    /** {@code MTH} of adjacent perfect subtrees: fold their hashes right to left. */
    private static byte[] fold(List<NodeId> group, SubtreeHashes hashes) {
        byte[][] read = new byte[group.size()][];
        for (int i = 0; i < read.length; i++) {
            read[i] = read(hashes, group.get(i));
        }
        byte[] hash = read[read.length - 1].clone();
        for (int i = read.length - 2; i >= 0; i--) {
            hash = MerkleHash.node(read[i], hash);
        }
        return hash;
    }

    private static List<NodeId> flatten(List<List<NodeId>> plan) {
        Set<NodeId> nodes = new LinkedHashSet<>();
        plan.forEach(nodes::addAll);
        return List.copyOf(nodes);
    }

    private static void requireSize(long size, String name) {
        if (size < 0) {
            throw new IllegalArgumentException("expected " + name + " >= 0, found " + name + "=" + size);
        }
    }
}
