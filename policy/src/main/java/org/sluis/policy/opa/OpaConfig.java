package org.sluis.policy.opa;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the exchange asks OPA, and how long it waits ({@code opa.url}, {@code opa.path},
 * {@code opa.timeout}).
 *
 * <p>The decision is read from OPA's Data API, {@code POST {url}/v1/data/{path}}
 * (https://www.openpolicyagent.org/docs/rest-api#data-api): the path names a document under
 * {@code data} with slashes, so {@code sluis/baseline/result} is {@code data.sluis.baseline.result}.
 *
 * @param url     OPA's base URL, {@code http} or {@code https}, without credentials, query or
 *                fragment; a path prefix (OPA behind a reverse proxy) is kept
 * @param path    the decision document, slash-separated, without leading or trailing slash
 * @param timeout how long one question may take, connection included; past it the answer is a
 *                denial ({@link OpaDecision#unreachable(String)})
 */
public record OpaConfig(URI url, String path, Duration timeout) {

    /** The baseline policy's decision document, {@code data.sluis.baseline.result}. */
    public static final String DEFAULT_PATH = "sluis/baseline/result";

    /** OPA answers a local query in well under a millisecond; 500 ms is network trouble. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    /** Rego identifiers and the dashes OPA allows in path segments; nothing that needs escaping. */
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");

    /** Checks the URL is a plain http(s) base, the path a data path and the timeout positive. */
    public OpaConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme();
        if (!url.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || url.getHost() == null) {
            throw new IllegalArgumentException("expected opa.url to be an absolute http(s) URL with a host, found " + url);
        }
        if (url.getRawUserInfo() != null) {
            // Credentials in the URL would end up in every failure reason and so in the ledger.
            throw new IllegalArgumentException("expected opa.url without user info (credentials), found some in "
                    + url.getScheme() + "://…@" + url.getHost());
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("expected opa.url without query or fragment, found " + url);
        }
        path = trimSlashes(path);
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("expected opa.path as slash-separated segments of letters, digits,"
                    + " '_' or '-' (e.g. " + DEFAULT_PATH + "), found '" + path + "'");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("expected a positive opa.timeout, found " + timeout);
        }
    }

    /**
     * The configuration for an OPA at {@code url} with the baseline path and the default timeout.
     *
     * @param url OPA's base URL, e.g. {@code http://localhost:8181}
     * @return the configuration
     */
    public static OpaConfig of(URI url) {
        return new OpaConfig(url, DEFAULT_PATH, DEFAULT_TIMEOUT);
    }

    /**
     * The URL the client posts to: {@code {url}/v1/data/{path}}.
     *
     * @return the Data API URL of the decision document
     */
    public URI dataUri() {
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v1/data/" + path);
    }

    /**
     * The decision document as a Rego reference, for messages: {@code data.sluis.baseline.result}.
     *
     * @return {@code data.} followed by the path with dots
     */
    public String documentRef() {
        return "data." + path.replace('/', '.');
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
