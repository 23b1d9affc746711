package org.sluis.policy.opa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Asks an OPA server for its decision on one request: {@code POST {url}/v1/data/{path}} with
 * body {@code {"input": …}} (OPA's Data API, https://www.openpolicyagent.org/docs/rest-api#data-api),
 * over the JDK's {@link HttpClient}, asynchronously.
 *
 * <p>It fails closed: refused connections, timeouts, HTTP errors, an undefined document and
 * answers of the wrong shape all become a denying {@link OpaDecision} with
 * {@link OpaDecision#failure()} set; the returned future never completes exceptionally. The
 * whole question (connect, send, answer) is bounded by {@link OpaConfig#timeout()}: the request
 * carries that timeout and the future is completed with a denial when it passes, whichever comes
 * first, and the exchange is then cancelled.
 *
 * <p>Dependent stages may run on the HTTP client's threads or on the JDK's delay scheduler, so
 * callers hand the result back to their own context (in the gateway: the Vert.x context). One
 * instance per configuration; thread-safe.
 */
public final class OpaClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpaConfig config;
    private final HttpClient http;

    /**
     * A client for the OPA {@code config} names.
     *
     * @param config where to ask and how long to wait
     */
    public OpaClient(OpaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                // OPA's server speaks HTTP/1.1; no h2c upgrade dance on the hot path.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                // A redirect from an OPA is a misconfiguration, not something to follow.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The configuration this client asks with.
     *
     * @return the configuration
     */
    public OpaConfig config() {
        return config;
    }

    /**
     * Asks OPA about one request.
     *
     * @param input the input document
     * @return OPA's decision; a denial with {@link OpaDecision#failure()} set when OPA could not be
     *         asked or gave no usable answer within the timeout. Never completes exceptionally.
     * @throws NullPointerException if {@code input} is null
     */
    public CompletableFuture<OpaDecision> ask(OpaInput input) {
        Objects.requireNonNull(input, "input");
        ObjectNode body = JSON.createObjectNode();
        body.set("input", input.toJson());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(config.dataUri())
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(OpaDecision.unreachable("could not build the request to "
                    + config.dataUri() + ": " + describe(e)));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(OpaDecision.unreachable("could not send to "
                    + config.dataUri() + ": " + describe(e)));
        }
        CompletableFuture<OpaDecision> decision = exchange.handle((response, error) -> error == null
                ? read(response)
                : OpaDecision.unreachable(describe(error)));
        decision.completeOnTimeout(timedOut(), config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        // Once decided (typically: timed out), stop waiting on the wire; a no-op if the answer came.
        decision.whenComplete((ignored, alsoIgnored) -> exchange.cancel(true));
        return decision;
    }

    private OpaDecision read(HttpResponse<byte[]> response) {
        try {
            return OpaAnswer.read(config, response.statusCode(), response.body());
        } catch (RuntimeException e) {
            // Never let a parsing surprise escape as an exceptional completion: fail closed instead.
            return OpaDecision.unreachable("could not read OPA's answer from " + config.dataUri() + ": " + describe(e));
        }
    }

    private OpaDecision timedOut() {
        return OpaDecision.unreachable("no answer from " + config.dataUri() + " within " + config.timeout().toMillis()
                + " ms");
    }

    private String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection to " + config.dataUri() + " within " + config.timeout().toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer from " + config.dataUri() + " within " + config.timeout().toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "could not connect to " + config.dataUri() + " (" + messageOf(cause) + ")";
        }
        if (cause instanceof IOException) {
            return "I/O error talking to " + config.dataUri() + ": " + messageOf(cause);
        }
        return messageOf(cause);
    }

    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank()
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
    }
}
