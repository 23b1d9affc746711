package org.sluis.core.identity;

/**
 * A certificate signing request was refused: malformed PEM or DER, a signature that does not prove
 * possession of the private key, or a key the exchange does not accept.
 *
 * <p>CSRs arrive from parties not yet trusted, so every refusal is this one unchecked type; the
 * message says what was expected and what was found and is safe to show to the applicant.
 */
public final class CsrException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a refusal.
     *
     * @param message what was expected and what was found
     */
    public CsrException(String message) {
        super(message);
    }

    /**
     * Creates a refusal caused by a lower-level parse or crypto failure.
     *
     * @param message what was expected and what was found
     * @param cause the underlying failure, kept for logs
     */
    public CsrException(String message, Throwable cause) {
        super(message, cause);
    }
}
