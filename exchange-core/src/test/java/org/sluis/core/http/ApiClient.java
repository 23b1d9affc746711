package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON client for tests, over real HTTP: one method per call, the status and body back. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** A client of the exchange at {@code base}. */
    public ApiClient(URI base) {
        this.base = base;
    }

    /**
     * A response.
     *
     * @param status the HTTP status
     * @param body   the body as text
     * @param json   the body as JSON, or a missing node when it is not JSON
     */
    public record Response(int status, String body, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** GET {@code path} with {@code token} (null: anonymous). */
    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** POST {@code body} (JSON text; null: no body) to {@code path}. */
    public Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** Any method. */
    public Response send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                json = JSON.missingNode();
            }
            return new Response(r.statusCode(), r.body(), json == null ? JSON.missingNode() : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
