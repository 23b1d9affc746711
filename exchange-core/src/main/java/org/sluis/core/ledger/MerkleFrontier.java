package org.sluis.core.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The right edge ("compact range") of an append-only RFC 9162 Merkle tree: the hashes of the
 * perfect subtrees {@link MerkleTree#rangeNodes rangeNodes(0, size)}, one per set bit of the
 * size, at most 63. That is all the state needed to append leaves and compute the root.
 *
 * <p>Appending works like incrementing a binary counter: the new leaf is a level-0 subtree;
 * while a subtree of the same level is already on the edge the two merge into their parent
 * ({@code MerkleHash.node(left, right)}, RFC 9162 §2.1.1). Each append reports every perfect
 * subtree it completed so the caller can store it; a batch of {@code k} appends costs fewer
 * than {@code 2k} node hashes, and {@link #root()} folds the edge once, in at most 62 hashes,
 * caching the result until the next append.
 *
 * <p>Instances are mutable and not thread-safe; a log has one writer, which owns its frontier.
 */
public final class MerkleFrontier {

    /** {@code edge[level]} is non-null exactly when bit {@code level} of {@code size} is set. */
    private final byte[][] edge = new byte[NodeId.MAX_LEVEL + 1][];
    private long size;
    private byte[] cachedRoot;

    private MerkleFrontier() {
    }

    /**
     * Returns the frontier of the empty tree.
     *
     * @return a new frontier with {@code size() == 0}
     */
    public static MerkleFrontier empty() {
        return new MerkleFrontier();
    }

    /**
     * Loads the frontier of a stored tree of {@code size} leaves by reading exactly
     * {@link MerkleTree#nodesForRoot nodesForRoot(size)} from {@code hashes}.
     *
     * @param size   number of leaves already in the tree
     * @param hashes source of the stored subtree hashes
     * @return a new frontier positioned after leaf {@code size - 1}
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws IllegalStateException    if {@code hashes} returns null or a wrong-length hash
     */
    public static MerkleFrontier of(long size, SubtreeHashes hashes) {
        Objects.requireNonNull(hashes, "hashes");
        MerkleFrontier frontier = new MerkleFrontier();
        for (NodeId id : MerkleTree.nodesForRoot(size)) {
            frontier.edge[id.level()] = MerkleTree.read(hashes, id).clone();
        }
        frontier.size = size;
        return frontier;
    }

    /**
     * Returns the number of leaves appended so far.
     *
     * @return the tree size
     */
    public long size() {
        return size;
    }

    /**
     * Returns {@code MTH(D[0:size])} (RFC 9162 §2.1.1): the right-to-left fold of the edge, or
     * {@link MerkleHash#emptyRoot()} for the empty tree.
     *
     * @return a fresh 32-byte root hash
     */
    public byte[] root() {
        if (cachedRoot == null) {
            byte[] root = null;
            for (byte[] subtree : edge) {
                if (subtree != null) {
                    root = root == null ? subtree : MerkleHash.node(subtree, root);
                }
            }
            cachedRoot = root == null ? MerkleHash.emptyRoot() : root.clone();
        }
        return cachedRoot.clone();
    }

    /**
     * Returns the current right edge: the stored nodes of {@code rangeNodes(0, size())}, left
     * to right.
     *
     * @return at most 63 nodes; empty for the empty tree
     */
    public List<StoredNode> rightEdge() {
        List<StoredNode> nodes = new ArrayList<>();
        for (int level = edge.length - 1; level >= 0; level--) {
            if (edge[level] != null) {
                nodes.add(new StoredNode(new NodeId(level, (size >>> level) - 1), edge[level]));
            }
        }
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Appends one leaf and returns every perfect subtree this completed, bottom-up: the leaf
     * itself at {@code (0, size)} followed by each newly completed ancestor. These are exactly
     * the nodes a {@link SubtreeHashes} store must insert for the new size.
     *
     * @param leafHash the {@link MerkleHash#leaf leaf hash} of the new entry
     * @return between 1 and 63 new nodes
     * @throws IllegalArgumentException if {@code leafHash} is not {@value MerkleHash#HASH_SIZE} bytes
     * @throws IllegalStateException    if the tree already holds {@link Long#MAX_VALUE} leaves
     */
    public List<StoredNode> append(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != MerkleHash.HASH_SIZE) {
            throw new IllegalArgumentException("expected a " + MerkleHash.HASH_SIZE
                    + "-byte leaf hash, found " + leafHash.length + " bytes");
        }
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("expected room for another leaf, found size=" + size);
        }
        long newSize = size + 1;
        byte[] hash = leafHash.clone();
        List<StoredNode> created = new ArrayList<>();
        created.add(new StoredNode(NodeId.leaf(size), hash));
        int level = 0;
        while (edge[level] != null) {
            hash = MerkleHash.node(edge[level], hash);
            edge[level] = null;
            level++;
            created.add(new StoredNode(new NodeId(level, (newSize >>> level) - 1), hash));
        }
        edge[level] = hash;
        size = newSize;
        cachedRoot = null;
        return Collections.unmodifiableList(created);
    }

    /**
     * Appends the leaves in order; equivalent to calling {@link #append(byte[])} for each and
     * concatenating the results.
     *
     * @param leafHashes the leaf hashes of the new entries
     * @return all nodes completed by the batch, in creation order
     * @throws IllegalArgumentException if a leaf hash is not {@value MerkleHash#HASH_SIZE} bytes;
     *                                  the leaves before it stay appended
     */
    public List<StoredNode> appendAll(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        List<StoredNode> created = new ArrayList<>(2 * leafHashes.size());
        for (byte[] leafHash : leafHashes) {
            created.addAll(append(leafHash));
        }
        return Collections.unmodifiableList(created);
    }

    /**
     * Returns the size and the edge levels, for logs.
     *
     * @return a readable representation
     */
    @Override
    public String toString() {
        return "MerkleFrontier[size=" + size + ", edgeNodes=" + Long.bitCount(size) + "]";
    }
}
