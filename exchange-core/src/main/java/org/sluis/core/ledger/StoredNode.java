package org.sluis.core.ledger;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A perfect-subtree hash to persist: the node address and its {@value MerkleHash#HASH_SIZE}-byte
 * hash, as produced by {@link MerkleFrontier#append(byte[])}.
 *
 * <p>The hash array is copied on the way in and on the way out, so instances are immutable;
 * {@link #equals(Object)} and {@link #hashCode()} compare hash contents, not array identity.
 *
 * @param id   address of the perfect subtree
 * @param hash its hash (RFC 9162 §2.1.1)
 */
public record StoredNode(NodeId id, byte[] hash) {

    /**
     * Validates and copies the hash.
     *
     * @param id   address of the perfect subtree
     * @param hash its hash, copied
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code hash} is not {@value MerkleHash#HASH_SIZE} bytes
     */
    public StoredNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        if (hash.length != MerkleHash.HASH_SIZE) {
            throw new IllegalArgumentException("expected a " + MerkleHash.HASH_SIZE + "-byte hash for "
                    + id + ", found " + hash.length + " bytes");
        }
        hash = hash.clone();
    }

    /**
     * Returns a copy of the hash.
     *
     * @return a fresh {@value MerkleHash#HASH_SIZE}-byte array
     */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * Two stored nodes are equal when their ids are equal and their hashes have equal contents.
     *
     * @param other the object to compare with
     * @return whether {@code other} is an equal {@code StoredNode}
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredNode that && id.equals(that.id) && Arrays.equals(hash, that.hash);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(hash);
    }

    /**
     * Returns the id and the base64 hash, for logs.
     *
     * @return a readable representation
     */
    @Override
    public String toString() {
        return "StoredNode[id=" + id + ", hash=" + Base64.getEncoder().encodeToString(hash) + "]";
    }
}
