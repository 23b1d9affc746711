package org.sluis.core.ledger;

/**
 * Address of a perfect (complete) subtree of an RFC 9162 Merkle tree: the subtree at
 * {@code level} whose {@code 2^level} leaves are {@code [index << level, (index + 1) << level)}.
 *
 * <p>Level 0 addresses single leaves ({@code index} is the leaf index); the node at level
 * {@code l + 1} and index {@code i} is the parent of the nodes {@code (l, 2i)} and
 * {@code (l, 2i + 1)}. A perfect subtree's hash never changes once its last leaf is appended,
 * which is why these are the only hashes a store keeps (RFC 9162 §2.1.1: {@code MTH} of a
 * power-of-two range is such a subtree).
 *
 * <p>Tree sizes are non-negative {@code long}s, so a node must end at or before
 * {@link Long#MAX_VALUE}: {@code 0 <= level <= 62} and {@code 0 <= index < Long.MAX_VALUE >> level}.
 *
 * @param level height of the subtree above the leaves, 0 for a leaf
 * @param index position of the subtree among the subtrees of the same level, from the left
 */
public record NodeId(int level, long index) {

    /** Highest level a node can have while ending within a {@code long} tree size. */
    public static final int MAX_LEVEL = 62;

    /**
     * Validates the address.
     *
     * @param level height of the subtree above the leaves, 0 for a leaf
     * @param index position of the subtree among the subtrees of the same level
     * @throws IllegalArgumentException if the level is outside {@code [0, 62]} or the index is
     *                                  negative or makes the subtree end beyond {@link Long#MAX_VALUE}
     */
    public NodeId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException(
                    "expected 0 <= level <= " + MAX_LEVEL + ", found level=" + level);
        }
        if (index < 0 || index >= (Long.MAX_VALUE >> level)) {
            throw new IllegalArgumentException("expected 0 <= index < " + (Long.MAX_VALUE >> level)
                    + " at level " + level + ", found index=" + index);
        }
    }

    /**
     * Returns the leaf node with the given leaf index.
     *
     * @param leafIndex zero-based index of the leaf
     * @return {@code new NodeId(0, leafIndex)}
     * @throws IllegalArgumentException if {@code leafIndex} is negative or {@link Long#MAX_VALUE}
     */
    public static NodeId leaf(long leafIndex) {
        return new NodeId(0, leafIndex);
    }

    /**
     * Returns the index of the first leaf covered by this subtree, {@code index << level}.
     *
     * @return the inclusive start of the covered leaf range
     */
    public long begin() {
        return index << level;
    }

    /**
     * Returns the index one past the last leaf covered, {@code (index + 1) << level}.
     *
     * @return the exclusive end of the covered leaf range
     */
    public long end() {
        return (index + 1) << level;
    }

    /**
     * Returns the number of leaves covered, {@code 2^level}.
     *
     * @return the subtree size
     */
    public long size() {
        return 1L << level;
    }

    /**
     * Returns the parent of this node, the subtree one level up that contains it.
     *
     * @return {@code (level + 1, index >> 1)}
     * @throws IllegalArgumentException if the parent would not fit in a {@code long} tree
     */
    public NodeId parent() {
        return new NodeId(level + 1, index >> 1);
    }

    /**
     * Returns the other child of this node's parent.
     *
     * @return {@code (level, index ^ 1)}
     * @throws IllegalArgumentException if the sibling would not fit in a {@code long} tree
     */
    public NodeId sibling() {
        return new NodeId(level, index ^ 1);
    }
}
