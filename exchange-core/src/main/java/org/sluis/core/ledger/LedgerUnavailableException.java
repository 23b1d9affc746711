package org.sluis.core.ledger;

/** The ledger cannot take or durably write an entry now; the caller must refuse to act (503). */
public final class LedgerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Says why. */
    public LedgerUnavailableException(String message) {
        super(message);
    }

    /** Says why, with the underlying failure. */
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
