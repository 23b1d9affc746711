package org.sluis.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The driver's HTTP/1.1 client: sends each request with a fresh {@code X-Request-Id}, reads the whole
 * answer, journals the call, and never fails its future: a refused connection or a body cut off
 * midway is a {@link Reply} with a failure, for the caller to count.
 */
final class ExchangeHttp {
    /** The longest a request may take before it counts as failed. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, URI> targets;
    private final Journal journal;

    /** A client for the named base URLs ({@code lb}, {@code a}, {@code b}), journaling into {@code journal}. */
    ExchangeHttp(Map<String, URI> targets, Journal journal) {
        this.targets = Map.copyOf(targets);
        this.journal = journal;
    }

    Journal journal() {
        return journal;
    }

    /**
     * Sends one request.
     *
     * @param target    {@code lb}, {@code a} or {@code b}
     * @param operation the operation it belongs to, for the report
     * @param method    GET or POST
     * @param path      path and query
     * @param token     the bearer token, or null
     * @param json      the JSON body of a POST, or null
     * @param expected  the statuses the operation expects
     */
    CompletableFuture<Reply> send(String target, String operation, String method, String path, String token, String json,
                                  Set<Integer> expected) {
        URI base = targets.get(target);
        if (base == null) {
            throw new IllegalArgumentException("expected a target among " + targets.keySet() + ", found " + target);
        }
        String requestId = journal.nextRequestId();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("X-Request-Id", requestId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        long start = System.nanoTime();
        return client.sendAsync(request.build(), info -> {
            head.set(info);
            return HttpResponse.BodySubscribers.ofByteArray();
        }).handle((response, error) -> {
            long end = System.nanoTime();
            HttpResponse.ResponseInfo info = head.get();
            int status = info == null ? -1 : info.statusCode();
            String failure = null;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                failure = (info == null ? "no answer: " : "status " + status + ", then the body broke off: ") + cause;
            }
            Call call = new Call(requestId, operation, target, start, end, status, failure == null && expected.contains(status), failure);
            journal.record(call);
            return new Reply(call, info == null ? NO_HEADERS : info.headers(), response == null ? null : response.body());
        });
    }
}
