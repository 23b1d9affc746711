package org.sluis.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.sluis.core.Refusal;
import org.sluis.core.ledger.LedgerIntegrityException;
import org.sluis.core.ledger.LedgerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes RFC 9457 responses, and turns every failure of a request into one. */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    /** Ends the request with {@code problem}, unless a response has already begun. */
    static void send(RoutingContext ctx, Problem problem) {
        send(ctx, problem, JSON.createObjectNode());
    }

    /** Ends the request with {@code problem} and further structured members (e.g. a denial's reasons), unless a response has begun. */
    static void send(RoutingContext ctx, Problem problem, ObjectNode members) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Too late for a status: the client sees a truncated body, and the log says why.
            LOG.warn("request {} failed after its response began: {}", RequestLog.id(ctx), problem.detail());
            response.reset();
            return;
        }
        ObjectNode body = JSON.createObjectNode()
                .put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("requestId", RequestLog.id(ctx));
        problem.extensions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> body.put(e.getKey(), e.getValue()));
        body.setAll(members);
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (Problem.FieldError e : problem.errors()) {
                ObjectNode item = errors.addObject();
                if (e.pointer() != null) {
                    item.put("pointer", e.pointer());
                } else {
                    item.put("parameter", e.parameter());
                }
                item.put("detail", e.detail());
            }
        }
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(body.toString());
    }

    /**
     * Ends a request whose asynchronous work failed: a {@link ProblemException} as its problem, a
     * ledger that cannot record the change as 503 (the change was not made), a ledger that fails
     * its integrity check as 503 with an error in the log, a stream that already began by
     * resetting it, anything else through the router's failure handler (500).
     */
    static void fail(RoutingContext ctx, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ProblemException p) {
            send(ctx, p.problem());
        } else if (cause instanceof Refusal r) {
            send(ctx, problem(r));
        } else if (cause instanceof LedgerUnavailableException l) {
            send(ctx, Problem.unavailable("The ledger cannot record this, so it was not done: " + l.getMessage()));
        } else if (cause instanceof LedgerIntegrityException) {
            LOG.error("request {}: ledger integrity check failed: {}", RequestLog.id(ctx), cause.getMessage());
            send(ctx, Problem.unavailable("The ledger failed its integrity check; the operator has been alerted in the log."));
        } else if (ctx.response().headWritten()) {
            LOG.error("request {}: failed after its response began", RequestLog.id(ctx), cause);
            ctx.response().reset();
        } else {
            ctx.fail(cause);
        }
    }

    /** The problem that answers a service's refusal. */
    static Problem problem(Refusal r) {
        List<Problem.FieldError> errors = r.facts().containsKey(Refusal.PARAMETER)
                ? List.of(Problem.FieldError.parameter(r.facts().get(Refusal.PARAMETER), r.getMessage()))
                : r.errors().stream().map(e -> Problem.FieldError.at(e.pointer(), e.message())).toList();
        return switch (r.kind()) {
            case INVALID -> Problem.invalid(errors);
            case FORBIDDEN -> new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403, r.getMessage(), errors);
            case NOT_FOUND -> Problem.notFound(r.getMessage());
            case CONFLICT -> new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409, r.getMessage(), errors, r.facts());
        };
    }

    /** The router's last resort: maps a failed or unrouted request to its problem. */
    static void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ProblemException p) {
            send(ctx, p.problem());
            return;
        }
        if (failure instanceof Refusal r) {
            send(ctx, problem(r));
            return;
        }
        int status = failure instanceof HttpException h ? h.getStatusCode() : ctx.statusCode();
        switch (status) {
            case 404 -> send(ctx, Problem.notFound("No resource at " + ctx.request().method() + " " + ctx.request().path()));
            case 405 -> send(ctx, Problem.methodNotAllowed(
                    ctx.request().path() + " does not accept " + ctx.request().method()));
            case 413 -> {
                Object limit = ctx.get(Gateway.BODY_LIMIT_KEY);
                send(ctx, Problem.tooLarge("The request body is larger than the limit of " + limit + " bytes."));
            }
            case 400 -> send(ctx, Problem.badRequest("bad-request", "The request could not be read.", List.of()));
            default -> {
                if (status >= 400 && status < 500) {
                    send(ctx, Problem.ofStatus(status, "Client error", "The request was refused with status " + status + "."));
                } else {
                    LOG.error("request {} failed: {} {}", RequestLog.id(ctx), ctx.request().method(), ctx.request().path(), failure);
                    send(ctx, Problem.internal(RequestLog.id(ctx)));
                }
            }
        }
    }
}
