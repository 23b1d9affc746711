package org.sluis.core.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.sluis.core.identity.ClientCredentials;

/**
 * One participant talking to the exchange over HTTP, as its own scripts would: it logs in with its
 * key and certificate (the same client assertion {@code sluis token} signs) and sends each request
 * with its access token, fetching a new one before the old expires.
 */
public final class DemoClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Access tokens live five minutes; take a new one well before. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final ClientCredentials credentials;
    private String token;
    private long tokenAt;

    /** A client of the exchange at {@code base}, logging in as {@code credentials}. */
    public DemoClient(URI base, ClientCredentials credentials) {
        this.base = Objects.requireNonNull(base, "base");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** The participant's id. */
    public String id() {
        return credentials.clientId();
    }

    /**
     * An answer.
     *
     * @param status  HTTP status
     * @param body    the body's bytes
     * @param headers the response headers
     */
    public record Response(int status, byte[] body, HttpHeaders headers) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or a missing node when it is not JSON. */
        public JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? JSON.missingNode() : node;
            } catch (IOException notJson) {
                return JSON.missingNode();
            }
        }

        /** The body as JSON, failing with the status and body unless the status is {@code expected}. */
        public JsonNode expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": expected status " + expected + ", found " + status + " " + text());
            }
            return json();
        }

        /** A header's first value, or empty text. */
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    /** GET {@code path}. */
    public Response get(String path) {
        return send("GET", path, null);
    }

    /** POST a JSON body ({@code null}: none) to {@code path}. */
    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    /** Any method, with a JSON body or none. */
    public Response send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " as " + id() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    /** The current access token, fetched at /oauth/token with a fresh client assertion when needed. */
    public synchronized String token() {
        if (token == null || System.nanoTime() - tokenAt > TOKEN_REUSE.toNanos()) {
            try {
                token = credentials.fetchToken(base);
                tokenAt = System.nanoTime();
            } catch (IOException e) {
                throw new UncheckedIOException(id() + " could not log in: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while logging in", e);
            }
        }
        return token;
    }
}
