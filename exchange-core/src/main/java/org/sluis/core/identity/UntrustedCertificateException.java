package org.sluis.core.identity;

/**
 * A presented certificate chain was not accepted: it is empty or out of order, does not lead to a
 * trust anchor, is outside its validity period, uses a CA certificate as the leaf, or its leaf may
 * not be used for signing.
 *
 * <p>The message names the certificate (by position in the presented chain and subject) and says
 * what was expected and what was found.
 */
public final class UntrustedCertificateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a refusal.
     *
     * @param message what was expected and what was found
     */
    public UntrustedCertificateException(String message) {
        super(message);
    }

    /**
     * Creates a refusal caused by a failed PKIX validation or a certificate parse error.
     *
     * @param message what was expected and what was found
     * @param cause the underlying failure, kept for logs
     */
    public UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
