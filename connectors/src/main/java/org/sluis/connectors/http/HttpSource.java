package org.sluis.connectors.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sluis.connectors.ByteSource;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.format.SourceFormat;
import org.sluis.connectors.net.NetworkGuard;

/**
 * Records fetched with one HTTP/1.1 GET from a provider's endpoint, streamed: the body is parsed as
 * it arrives, one record at a time, so a transfer of any size runs in constant memory.
 *
 * <p><b>Audit.</b> Each request carries {@value #AGREEMENT_HEADER}, {@value #CONSUMER_HEADER} and
 * {@value #TRANSFER_HEADER} from the {@link SourceRead}, so the provider can log on whose behalf it
 * was read. Configured headers may not set these (nor the JDK's restricted headers such as
 * {@code Host}).
 *
 * <p><b>Secrets.</b> Configured header values (API keys, bearer tokens) and the URL's query (keys
 * travel there too) appear in no message: errors name {@code scheme://authority/path} only, and the
 * body excerpt of a refusal is masked.
 *
 * <p><b>SSRF.</b> The {@link NetworkGuard} checks every address the host resolves to just before
 * each request. The JDK client resolves the host again when it connects, and Java 17 offers no hook
 * to make it connect to the addresses checked (a resolver SPI arrives in Java 18; connecting to the
 * IP and sending {@code Host} is refused by the client and breaks TLS name checks). The gap is
 * narrowed by the JVM's own DNS cache: a successful lookup is kept for 30 seconds by default
 * ({@code networkaddress.cache.ttl}), so the connect sees the answer the check saw unless the cached
 * entry expires in between. A DNS name whose owner rebinds it at that instant remains the residual
 * risk; operators who must exclude it should allow no internal networks that matter, or route
 * egress through a filtering proxy. Redirects are never followed (a 3xx is an error): following one
 * would reach an unchecked host and carry the configured secrets there. No system proxy is used,
 * since a proxy would resolve and reach hosts on the exchange's behalf, unchecked.
 *
 * <p><b>Timeouts.</b> The connect timeout bounds the TCP and TLS setup; the read timeout bounds
 * the wait for the response headers (the JDK request timeout) and then every stall of the body
 * (see {@code StallGuardedStream}).
 *
 * <p>An HTTP source cannot project: every field is read and the pipeline drops what
 * {@link SourceRead#fields()} leaves out. {@link SourceRead#limit()} is applied here. There is no
 * agreed way to ask an endpoint to resume, so a read with {@link SourceRead#since()} is refused.
 */
public final class HttpSource implements ByteSource {

    /** The request header naming the agreement the transfer runs under. */
    public static final String AGREEMENT_HEADER = "X-Sluis-Agreement";
    /** The request header naming the consuming participant. */
    public static final String CONSUMER_HEADER = "X-Sluis-Consumer";
    /** The request header naming the transfer. */
    public static final String TRANSFER_HEADER = "X-Sluis-Transfer";


    private final URI url;
    private final SourceFormat format;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final NetworkGuard guard;
    private final HttpClient client;
    private final String where;

    /**
     * Creates the source; opens no connection.
     *
     * @param url            absolute http or https URL with a host, without user information
     * @param format         how the response body encodes records
     * @param headers        request headers to send, e.g. an API key; their values are secret
     * @param connectTimeout the longest a connection may take to set up, positive
     * @param readTimeout    the longest wait for the response headers and for each part of the body, positive
     * @param guard          the SSRF guard every request passes first
     * @throws IllegalArgumentException if the URL, a header or a timeout is not acceptable
     */
    public HttpSource(URI url, SourceFormat format, Map<String, String> headers, Duration connectTimeout,
                      Duration readTimeout, NetworkGuard guard) {
        this.url = checkedUrl(Objects.requireNonNull(url, "url"));
        this.format = Objects.requireNonNull(format, "format");
        this.headers = checkedHeaders(Objects.requireNonNull(headers, "headers"));
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.readTimeout = positive(readTimeout, "readTimeout");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.where = url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(this.connectTimeout)
                .build();
        // Let the JDK refuse restricted or malformed headers now, not at the first transfer.
        request(new SourceRead(Set.of(), Optional.empty(), Optional.empty(), "agreement", "consumer", "transfer"));
    }

    @Override
    public SourceFormat format() {
        return format;
    }

    /**
     * Sends the request and returns the response body as it streams, for transfers where no
     * record-level obligation applies and the bytes pass through unparsed. {@code fields} and
     * {@code limit} are not applied: bytes have neither.
     *
     * @param read on whose behalf; {@code since} must be empty
     * @return the body, guarded by the read timeout; the caller must close it
     * @throws org.sluis.connectors.net.BlockedAddressException if the guard refuses the host
     * @throws UpstreamStatusException                          if the upstream answers other than 2xx
     * @throws IOException                                      if the upstream cannot be reached or times out
     */
    @Override
    public InputStream openRaw(SourceRead read) throws IOException {
        if (read.since().isPresent()) {
            throw new IllegalArgumentException("expected no resume point for " + where
                    + ": an HTTP source has no agreed way to resume, found since=" + read.since().get());
        }
        guard.check(url);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(read), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw withCause(new HttpConnectTimeoutException("could not connect to " + where + " within " + connectTimeout
                    + " (the connect timeout)"), e);
        } catch (HttpTimeoutException e) {
            throw withCause(new HttpTimeoutException("no response from " + where + " within " + readTimeout
                    + " (the read timeout)"), e);
        } catch (IOException e) {
            // The JDK's messages are often empty ("java.net.ConnectException"); say where and what.
            throw new IOException("could not get a response from " + where + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + where);
        }
        InputStream body = new StallGuardedStream(response.body(), readTimeout, where);
        int status = response.statusCode();
        if (status / 100 != 2) {
            String excerpt;
            try (body) {
                excerpt = UpstreamExcerpt.of(body, headers.values());
            } catch (IOException e) {
                excerpt = "";
            }
            throw new UpstreamStatusException(where, status, excerpt);
        }
        return body;
    }

    private static <T extends IOException> T withCause(T e, IOException cause) {
        e.initCause(cause);
        return e;
    }

    private HttpRequest request(SourceRead read) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(readTimeout);
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Accept"))) {
            request.header("Accept", switch (format) {
                case NDJSON -> "application/x-ndjson";
                case JSON -> "application/json";
                case CSV -> "text/csv";
            });
        }
        headers.forEach(request::header);
        return request.header(AGREEMENT_HEADER, read.agreementId())
                .header(CONSUMER_HEADER, read.consumer())
                .header(TRANSFER_HEADER, read.transferId())
                .build();
    }

    private static URI checkedUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("expected an absolute http or https URL with a host, found scheme '"
                    + scheme + "'" + (url.getHost() == null ? " and no host" : ""));
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("expected a URL without user information: credentials belong in headers");
        }
        return url;
    }

    private static Map<String, String> checkedHeaders(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, "value of header " + name);
            if (name.regionMatches(true, 0, "X-Sluis-", 0, "X-Sluis-".length())) {
                throw new IllegalArgumentException("expected no X-Sluis-* header among the configured ones: the exchange "
                        + "sets those for the provider's audit, found " + name);
            }
            // Checked here because the JDK's own refusal quotes the value.
            if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff))) {
                throw new IllegalArgumentException("expected the value of header " + name
                        + " to be visible characters, spaces and tabs, found a line break or control character");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("expected a positive " + name + ", found " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "HttpSource[" + where + ", " + format.id() + ", headers=" + headers.keySet() + "]";
    }
}
