package org.sluis.core.ledger;

/**
 * The stored ledger contradicts itself or an earlier signed checkpoint: its tables were changed
 * outside the exchange. The exchange refuses to sign or serve proofs over such a state.
 */
public final class LedgerIntegrityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Describes what does not add up. */
    public LedgerIntegrityException(String message) {
        super(message);
    }

    /** Describes what does not add up, with the failure that showed it. */
    public LedgerIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
