package org.sluis.connectors.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.RecordSource;
import org.sluis.connectors.SourceRead;

/**
 * Resources of one type from a FHIR R4 server's search API
 * (<a href="https://hl7.org/fhir/R4/http.html#search">R4 RESTful search</a>), each matching
 * resource one record.
 *
 * <p>The first request is {@code GET {base}/{resourceType}?{params}&_count=N} with
 * {@code Accept: application/fhir+json}; later pages follow the searchset Bundle's
 * {@code link[relation=next].url} (R4 section 3.1.1.4, "paging"). Each page is parsed as it
 * arrives and its entries yielded one by one, so memory holds one entry, never a page; entries
 * whose {@code search.mode} is not {@code match} ({@code include}, {@code outcome}) are skipped.
 * {@code limit} also lowers {@code _count} and stops reading when reached.
 *
 * <p><b>Where requests may go.</b> A next link must stay on the base URL's origin (scheme, host,
 * port; RFC 6454): the server chose it, and following it elsewhere would send the configured
 * headers (typically an authorization) to a host nobody configured. Redirects are not followed for
 * the same reason. {@code urlCheck} (the exchange's network guard against SSRF) is called before
 * every request, the next links included; whatever it throws ends the read.
 *
 * <p><b>{@code since}</b> becomes {@code _lastUpdated=gt{since}}, so {@code since} is a FHIR
 * instant or dateTime. Resuming from it is only exact if the results are ordered by
 * {@code _lastUpdated}, which the dataset says in its params ({@code _sort=_lastUpdated}); FHIR
 * leaves the default order to the server.
 */
public final class FhirSource implements RecordSource {

    /** Resources per page unless the params set {@code _count}. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    /** R4 {@code instant} or {@code dateTime} (section 2.24.0.1), the values {@code _lastUpdated} compares. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?");

    final URI base;
    final String resourceType;
    private final Map<String, String> params;
    private final int pageSize;
    final Duration timeout;
    final Map<String, String> headers;
    final Consumer<URI> urlCheck;
    final HttpClient client;

    /**
     * A source searching {@code resourceType} on the server at {@code base}.
     *
     * @param base         the FHIR base URL, absolute http or https, without user information, query or fragment
     * @param resourceType e.g. {@code Observation}
     * @param params       search parameters, sent in order; {@code _count} here overrides {@code pageSize}
     * @param pageSize     resources per page asked for, 1 to 10000
     * @param timeout      for connecting, for each page's response headers, and for each read of a page's body
     * @param headers      sent with every request (e.g. an authorization); their values never appear in messages
     * @param urlCheck     called with every URL before it is requested; throws to refuse it
     * @throws IllegalArgumentException if any of them is malformed, naming which
     */
    public FhirSource(URI base, String resourceType, Map<String, String> params, int pageSize, Duration timeout,
                      Map<String, String> headers, Consumer<URI> urlCheck) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(timeout, "timeout");
        this.urlCheck = Objects.requireNonNull(urlCheck, "urlCheck");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null || base.getRawUserInfo() != null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("expected an absolute http or https base URL with a host and without user"
                    + " information, query or fragment, found '" + FhirPages.shown(base) + "'");
        }
        if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
            throw new IllegalArgumentException("expected a FHIR resource type such as 'Observation', found '"
                    + resourceType.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("expected a page size from 1 to 10000, found " + pageSize);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expected a positive timeout, found " + timeout);
        }
        this.base = base.getRawPath() == null || !base.getRawPath().endsWith("/") ? base : URI.create(
                base.toString().substring(0, base.toString().length() - 1));
        this.resourceType = resourceType;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.pageSize = pageSize;
        this.timeout = timeout;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        HttpRequest.Builder probe = HttpRequest.newBuilder(this.base);
        this.headers.forEach((name, value) -> {
            try {
                probe.header(name, value);
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value, which may be a secret.
                throw new IllegalArgumentException("expected a header the HTTP client may send, found '"
                        + name.replaceAll("\\p{Cntrl}", "?") + "' (a restricted name or a value with control characters)");
            }
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Starts the search; the first page is requested here, so an unreachable or refusing server
     * fails the open.
     *
     * @throws IllegalArgumentException if {@code since} is not a FHIR instant or dateTime
     * @throws IOException              if the first page cannot be read
     */
    @Override
    public RecordCursor open(SourceRead read) throws IOException {
        read.since().ifPresent(since -> {
            if (!DATE_TIME.matcher(since).matches()) {
                throw new IllegalArgumentException("expected 'since' to be a FHIR instant or dateTime such as"
                        + " 2024-05-01T08:30:00Z (it becomes _lastUpdated=gt...), found '"
                        + since.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        });
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> append(query, name, value));
        read.since().ifPresent(since -> append(query, "_lastUpdated", "gt" + since));
        if (!params.containsKey("_count")) {
            long count = Math.min(pageSize, read.limit().orElse(Long.MAX_VALUE));
            append(query, "_count", Long.toString(count));
        }
        URI first = URI.create(base + "/" + resourceType + (query.length() == 0 ? "" : "?" + query));
        FhirPages pages = new FhirPages(this, first, read);
        pages.start();
        return pages;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(encode(name)).append('=').append(encode(value));
    }

    /** RFC 3986 query encoding: URLEncoder's form encoding, with space as %20 since not every server reads '+' as one. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "FhirSource[" + FhirPages.shown(base) + "/" + resourceType + ", params=" + params.keySet() + ", headers="
                + headers.keySet() + "]";
    }
}
