package org.sluis.connectors.http;

import java.io.IOException;

/**
 * The upstream answered, but not with success: kept apart from network failures so the caller can
 * tell "the provider said no" from "the provider could not be reached".
 */
public final class UpstreamStatusException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String excerpt;

    UpstreamStatusException(String where, int status, String excerpt) {
        super("expected a 2xx response from " + where + ", found " + status
                + (status / 100 == 3 ? " (redirects are not followed: configure the final URL)" : "")
                + (excerpt.isEmpty() ? "" : ": " + excerpt));
        this.status = status;
        this.excerpt = excerpt;
    }

    /**
     * Returns the HTTP status the upstream answered with.
     *
     * @return e.g. 500
     */
    public int status() {
        return status;
    }

    /**
     * Returns the start of the response body, for diagnosis.
     *
     * @return at most 200 characters, control characters replaced and every configured header value
     *         masked; empty if there was no body
     */
    public String excerpt() {
        return excerpt;
    }
}
