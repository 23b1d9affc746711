package org.sluis.core.identity;

/** The RFC 6749 §5.2 error codes the token endpoint answers with, and the HTTP status each carries. */
public enum TokenError {

    /** The request is missing a parameter or is otherwise malformed (HTTP 400). */
    INVALID_REQUEST("invalid_request", 400),
    /** Client authentication failed: RFC 7523 §3.2 requires this code for every invalid client assertion (HTTP 401). */
    INVALID_CLIENT("invalid_client", 401),
    /** The grant presented is invalid (HTTP 400). */
    INVALID_GRANT("invalid_grant", 400),
    /** The client authenticated but may not obtain tokens, e.g. because it is suspended or revoked (HTTP 400). */
    UNAUTHORIZED_CLIENT("unauthorized_client", 400);

    private final String code;
    private final int httpStatus;

    TokenError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /**
     * Returns the wire value of the {@code error} parameter.
     *
     * @return the RFC 6749 error code, e.g. {@code invalid_client}
     */
    public String code() {
        return code;
    }

    /**
     * Returns the HTTP status RFC 6749 §5.2 prescribes for this error.
     *
     * @return 401 for {@code invalid_client}, otherwise 400
     */
    public int httpStatus() {
        return httpStatus;
    }
}
