package org.sluis.core.ledger;

/**
 * A read-only source of stored perfect-subtree hashes of one RFC 9162 Merkle log.
 *
 * <p>Level 0 holds the leaf hashes ({@link MerkleHash#leaf}); level {@code l + 1} holds
 * {@link MerkleHash#node} of its two level-{@code l} children. Only perfect subtrees exist:
 * {@link MerkleTree} never asks for a node that extends past the tree size it was given, and it
 * reads at most {@code O(log n)} nodes per operation. To serve one operation with a single
 * database round trip, fetch the ids returned by the matching {@code nodesFor*} method of
 * {@link MerkleTree} first and answer from that batch (e.g. {@code map::get} over the result).
 *
 * <p>The PostgreSQL store adapter implements this interface. An implementation is called only
 * from the thread running the computation and need not be thread-safe.
 */
@FunctionalInterface
public interface SubtreeHashes {

    /**
     * Returns the stored hash of the perfect subtree {@code id}.
     *
     * @param id a perfect subtree that lies entirely within the tree being read
     * @return the {@value MerkleHash#HASH_SIZE}-byte hash; never null. Returning null or an
     *         array of another length makes the calling {@link MerkleTree} or
     *         {@link MerkleFrontier} method throw {@link IllegalStateException}
     */
    byte[] hash(NodeId id);
}
