package org.sluis.core.identity;

import java.util.Objects;

/** A refused access token (RFC 6750 {@code invalid_token}); the reason is fit for a 401 problem+json detail. */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a refusal.
     *
     * @param reason what was expected of the token and what was found; never the token itself
     */
    public InvalidTokenException(String reason) {
        super(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Returns why the token was refused.
     *
     * @return the reason, the same as {@link #getMessage()}
     */
    public String reason() {
        return getMessage();
    }
}
