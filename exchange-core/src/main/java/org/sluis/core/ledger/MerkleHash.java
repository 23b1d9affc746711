package org.sluis.core.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The SHA-256 hashing of an RFC 9162 Merkle tree (RFC 9162 §2.1.1).
 *
 * <p>Leaves and interior nodes are hashed with different one-byte prefixes so that a leaf can
 * never be passed off as an interior node and vice versa (second-preimage resistance):
 * <pre>
 *   MTH({})      = SHA-256()
 *   leaf hash    = SHA-256(0x00 || entry)
 *   node hash    = SHA-256(0x01 || left || right)
 * </pre>
 *
 * <p>Every hash produced here is {@value #HASH_SIZE} bytes long. Each thread reuses one
 * {@link MessageDigest}, so hashing allocates only the 32-byte result. All methods are
 * thread-safe and return fresh arrays the caller may keep or modify.
 */
public final class MerkleHash {

    /** Length in bytes of every hash of this tree (SHA-256). */
    public static final int HASH_SIZE = 32;

    /** Domain-separation prefix of a leaf hash, RFC 9162 §2.1.1. */
    public static final byte LEAF_PREFIX = 0x00;

    /** Domain-separation prefix of an interior node hash, RFC 9162 §2.1.1. */
    public static final byte NODE_PREFIX = 0x01;

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MerkleHash::newSha256);

    private static final byte[] EMPTY_ROOT = SHA_256.get().digest();

    private MerkleHash() {
    }

    /**
     * Returns the root hash of the empty tree, {@code MTH({}) = SHA-256()} (RFC 9162 §2.1.1),
     * i.e. {@code e3b0c442...7852b855}.
     *
     * @return a fresh 32-byte array
     */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /**
     * Returns the leaf hash {@code SHA-256(0x00 || entryBytes)} of one log entry
     * (RFC 9162 §2.1.1, {@code MTH({d(0)})}).
     *
     * @param entryBytes the serialised entry, possibly empty
     * @return a fresh 32-byte array
     * @throws NullPointerException if {@code entryBytes} is null
     */
    public static byte[] leaf(byte[] entryBytes) {
        Objects.requireNonNull(entryBytes, "entryBytes");
        MessageDigest digest = SHA_256.get();
        digest.update(LEAF_PREFIX);
        digest.update(entryBytes);
        return digest.digest();
    }

    /**
     * Returns the interior node hash {@code SHA-256(0x01 || left || right)} (RFC 9162 §2.1.1).
     *
     * <p>The inputs are hashed as given; they are normally {@value #HASH_SIZE}-byte hashes but
     * their length is not checked, matching the reference verifier (a wrong-length input simply
     * leads to a root that does not match).
     *
     * @param left  hash of the left subtree
     * @param right hash of the right subtree
     * @return a fresh 32-byte array
     * @throws NullPointerException if either argument is null
     */
    public static byte[] node(byte[] left, byte[] right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        MessageDigest digest = SHA_256.get();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException("expected the JVM to provide SHA-256, found none", e);
        }
    }
}
