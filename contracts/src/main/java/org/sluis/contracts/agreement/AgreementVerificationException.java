package org.sluis.contracts.agreement;

import java.util.Objects;

/**
 * A signed agreement was refused: the JWS is malformed, uses another algorithm, type or key than
 * the exchange signs with, its signature does not verify, or what it signs is not a canonical,
 * valid ODRL Agreement (or not the document it was presented with).
 *
 * <p>Checked, because the input comes from outside and refusing it is an expected outcome every
 * caller must decide how to answer; an unchecked exception would let a forgotten catch turn a
 * refused forgery into an internal error. The message says what was expected and what was found;
 * {@link #reason()} says which check failed, for mapping to a response without parsing text.
 */
public final class AgreementVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which check refused the JWS, in the order the checks run. */
    public enum Reason {
        /** Not three base64url parts, or a header that is not one JSON object of strings. */
        MALFORMED,
        /** The {@code alg} header is not ES256 (this includes {@code none} and HMAC/RSA algorithms). */
        ALGORITHM,
        /** The {@code kid} header is missing or blank. */
        KEY_ID,
        /** The {@code typ} header is not {@code sluis-agreement+jws}. */
        TYPE,
        /** The header has {@code crit} or another parameter than alg, kid and typ. */
        HEADER,
        /** The {@code kid} names no published key. */
        UNKNOWN_KEY,
        /** The published key with that {@code kid} is not an EC P-256 signing key. */
        KEY,
        /** The signature does not verify with that key. */
        SIGNATURE,
        /** The payload is not exactly its own RFC 8785 canonical form. */
        NOT_CANONICAL,
        /** The payload is not a valid ODRL policy of type Agreement. */
        NOT_AN_AGREEMENT,
        /** The agreement document presented does not canonicalise to the signed payload. */
        DOCUMENT_MISMATCH
    }

    /** Which check refused the JWS. */
    private final Reason reason;

    AgreementVerificationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns which check refused the JWS.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
