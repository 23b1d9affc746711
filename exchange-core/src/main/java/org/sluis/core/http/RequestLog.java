package org.sluis.core.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (propagated from {@code X-Request-Id} when the caller sent a safe one,
 * generated otherwise), returns it on every response, and writes one structured JSON access-log
 * line per request to the logger {@code sluis.access}.
 */
final class RequestLog {
    /** The header carrying the request id in both directions. */
    static final String HEADER = "X-Request-Id";
    private static final String KEY = "sluis.requestId";
    private static final Logger ACCESS = LoggerFactory.getLogger("sluis.access");
    // Propagated ids end up in logs and ledger entries: only a short, inert alphabet is accepted.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestLog() {
    }

    /** The first handler of every request. */
    static void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String offered = request.getHeader(HEADER);
        String id = offered != null && SAFE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        long start = System.nanoTime();
        ctx.addEndHandler(done -> ACCESS.info(line(ctx, id, start, done.succeeded())));
        ctx.next();
    }

    /** The id of this request; every response and ledger entry carries it. */
    static String id(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id != null ? id : "-";
    }

    private static String line(RoutingContext ctx, String id, long start, boolean completed) {
        HttpServerRequest request = ctx.request();
        ObjectNode line = JsonNodeFactory.instance.objectNode()
                .put("time", Instant.now().toString())
                .put("requestId", id)
                .put("method", request.method().name())
                .put("path", request.path())
                .put("status", ctx.response().getStatusCode())
                .put("bytes", ctx.response().bytesWritten())
                .put("durationMs", (System.nanoTime() - start) / 1_000_000.0)
                .put("remote", request.remoteAddress() == null ? null : request.remoteAddress().hostAddress())
                .put("completed", completed);
        return line.toString();
    }
}
