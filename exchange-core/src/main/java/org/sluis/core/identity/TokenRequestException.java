package org.sluis.core.identity;

import java.util.Objects;

/**
 * A refused token request: the RFC 6749 §5.2 error and a description fit to send back as {@code error_description}.
 *
 * <p>The description never carries the assertion, its signature or any key material. Because RFC 6749 §5.2 allows only
 * printable ASCII other than {@code "} and {@code \} in {@code error_description}, any other character is replaced by
 * {@code ?} here, once, so no caller can break that rule by accident.
 */
public final class TokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DESCRIPTION_LENGTH = 512;

    /** The RFC 6749 error code of this refusal. */
    private final TokenError error;

    /**
     * Creates a refusal.
     *
     * @param error the RFC 6749 error code
     * @param description what was expected and what was found, in words a person understands
     */
    public TokenRequestException(TokenError error, String description) {
        super(sanitise(Objects.requireNonNull(description, "description")));
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Returns the error code to answer with.
     *
     * @return the RFC 6749 error
     */
    public TokenError error() {
        return error;
    }

    /**
     * Returns the {@code error_description} to answer with; the same as {@link #getMessage()}.
     *
     * @return a description in the RFC 6749 §5.2 character set
     */
    public String description() {
        return getMessage();
    }

    private static String sanitise(String description) {
        String bounded = description.length() <= MAX_DESCRIPTION_LENGTH
                ? description
                : description.substring(0, MAX_DESCRIPTION_LENGTH - 3) + "...";
        StringBuilder out = new StringBuilder(bounded.length());
        for (int i = 0; i < bounded.length(); i++) {
            char c = bounded.charAt(i);
            // RFC 6749 §5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E )
            boolean allowed = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
            out.append(allowed ? c : '?');
        }
        return out.toString();
    }
}
