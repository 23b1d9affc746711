package org.sluis.core.ledger;

/**
 * An inclusion or consistency proof (RFC 9162 §2.1.3, §2.1.4) failed to verify: its parameters
 * are out of range, it has the wrong number of hashes, or (as {@link RootMismatchException})
 * it leads to a root other than the trusted one.
 *
 * <p>Proofs arrive from untrusted parties, so every way a proof can be wrong is reported with
 * this one unchecked type; callers treat all of them as "not proven".
 */
public class ProofException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception whose message says what was expected and what was found.
     *
     * @param message the detail message
     */
    public ProofException(String message) {
        super(message);
    }
}
