package org.sluis.core.ledger;

import java.util.Base64;

/**
 * The security-relevant proof failure: a well-formed proof leads to a root hash that differs
 * from the trusted one (RFC 9162 §2.1.3.2, §2.1.4.2), so the entry is not in that tree, or the
 * two trees are not consistent. Mirrors {@code RootMismatchError} of transparency-dev/merkle.
 */
public final class RootMismatchException extends ProofException {

    private static final long serialVersionUID = 1L;

    /** Size of the tree whose root did not match. */
    private final long treeSize;
    /** The trusted root the caller supplied. */
    private final byte[] expectedRoot;
    /** The root the proof leads to. */
    private final byte[] calculatedRoot;

    /**
     * Creates the exception; the message carries both roots in base64.
     *
     * @param treeSize       size of the tree whose root did not match
     * @param expectedRoot   the trusted root the caller supplied
     * @param calculatedRoot the root the proof leads to
     */
    public RootMismatchException(long treeSize, byte[] expectedRoot, byte[] calculatedRoot) {
        super("expected root " + base64(expectedRoot) + " for tree size " + treeSize
                + ", found calculated root " + base64(calculatedRoot));
        this.treeSize = treeSize;
        this.expectedRoot = expectedRoot.clone();
        this.calculatedRoot = calculatedRoot.clone();
    }

    /**
     * Returns the size of the tree whose root did not match.
     *
     * @return the tree size
     */
    public long treeSize() {
        return treeSize;
    }

    /**
     * Returns the trusted root the caller supplied.
     *
     * @return a copy of the expected root
     */
    public byte[] expectedRoot() {
        return expectedRoot.clone();
    }

    /**
     * Returns the root the proof leads to.
     *
     * @return a copy of the calculated root
     */
    public byte[] calculatedRoot() {
        return calculatedRoot.clone();
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
