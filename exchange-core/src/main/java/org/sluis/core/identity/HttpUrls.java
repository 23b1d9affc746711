package org.sluis.core.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Checks the exchange's own URLs (issuer, endpoints, audiences) when configuration is built, not on each request. */
final class HttpUrls {

    private HttpUrls() {}

    /**
     * Requires an absolute http(s) URL without query or fragment, as RFC 8414 §2 asks of an issuer identifier.
     *
     * @param name the configuration field, for the message
     * @param value the URL
     * @return {@code value}, unchanged
     */
    static String requireAbsolute(String name, String value) {
        Objects.requireNonNull(value, name);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected " + name + " to be a URL, found '" + value + "'", e);
        }
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("expected " + name + " to be an absolute http or https URL, found '" + value + "'");
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(
                    "expected " + name + " to have a host and no query or fragment, found '" + value + "'");
        }
        if (value.endsWith("/")) {
            throw new IllegalArgumentException("expected " + name + " without a trailing slash, found '" + value + "'");
        }
        return value;
    }
}
