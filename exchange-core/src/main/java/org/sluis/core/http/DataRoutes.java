package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sluis.connectors.format.RecordFormat;
import org.sluis.connectors.net.BlockedAddressException;
import org.sluis.connectors.net.NetworkGuard;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Syntax;
import org.sluis.core.identity.Caller;
import org.sluis.core.json.JsonChecks;
import org.sluis.core.store.Database;
import org.sluis.core.transfer.PushDelivery;
import org.sluis.core.transfer.Transfer;
import org.sluis.core.transfer.Transfers;

/**
 * {@code GET /v1/data/{agreementId}} (pull), {@code POST /v1/transfers} (push) and {@code /v1/transfers}. A pull is decided and
 * logged before the first byte; the body streams from a transfer thread with the response's
 * back-pressure; the last chunk carries the SHA-256 and record count as trailers, and the
 * completion entry is durable before that last chunk is sent. A pull that cannot finish (the
 * client went away, the agreement ended, the upstream failed) is reset, so a client never takes
 * a cut-off body for a whole one.
 */
final class DataRoutes {
    /** Trailer with the hex SHA-256 of the body. */
    static final String SHA256_TRAILER = "X-Sluis-Sha256";
    /** Trailer with the number of records in the body. */
    static final String RECORDS_TRAILER = "X-Sluis-Records";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern PURPOSE = Pattern.compile("[^\\p{Cc}]{1,256}");
    private static final Pattern FIELDS = Pattern.compile("[A-Za-z0-9_.-]{1,64}(,[A-Za-z0-9_.-]{1,64}){0,199}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SINCE = Pattern.compile("[^\\p{Cc}]{1,200}");
    private static final int MAX_PAGE = 100;

    private final Transfers transfers;
    private final PushDelivery pushes;
    private final NetworkGuard guard;
    private final Database database;
    private final JsonBody json;
    private final WorkerExecutor workers;

    DataRoutes(Transfers transfers, PushDelivery pushes, NetworkGuard guard, Database database, JsonBody json, WorkerExecutor workers) {
        this.transfers = transfers;
        this.pushes = pushes;
        this.guard = guard;
        this.database = database;
        this.json = json;
        this.workers = workers;
    }

    void pull(RoutingContext ctx) {
        Query q = new Query(ctx);
        String agreementId = ctx.pathParam("agreementId");
        Optional<String> purpose = ctx.request().getParam("purpose") == null ? q.requiredText("purpose")
                : q.matching("purpose", PURPOSE, "a purpose of 1 to 256 characters");
        RecordFormat format = q.oneOf("format", Arrays.stream(RecordFormat.values()).map(RecordFormat::wire).toList())
                .flatMap(RecordFormat::fromWire).orElse(RecordFormat.NDJSON);
        List<String> fields = q.matching("fields", FIELDS, "comma-separated field names").map(f -> List.of(f.split(","))).orElse(List.of());
        Optional<Long> limit = q.range("limit", 1, Long.MAX_VALUE);
        Optional<String> since = q.matching("since", SINCE, "a resume point of at most 200 characters");
        q.done();
        if (!SLUG.matcher(agreementId).matches()) {
            Problems.send(ctx, Problem.notFound("There is no agreement '" + agreementId + "' of yours."));
            return;
        }
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        Context context = Vertx.currentContext(); // the connection's event loop: writes and drain events happen there
        Transfers.Ask ask = new Transfers.Ask(agreementId, purpose.orElseThrow(), format, fields, limit, since);
        database.call(dsl -> transfers.startPull(caller, ask, requestId)).onSuccess(started -> {
            if (started.job().isEmpty()) {
                AccessRoutes.denied(ctx, started.decided());
                return;
            }
            Transfers.Job pull = started.job().get();
            workers.executeBlocking(pull::open, false).onSuccess(failed -> {
                if (failed.isPresent()) {
                    ctx.response().putHeader("X-Sluis-Transfer-Id", pull.transfer().id());
                    Problems.send(ctx, new Problem(Problem.TYPE_PREFIX + "upstream-failed", "Bad gateway", 502,
                            failed.get().error().orElse("the source failed") + " (transfer " + pull.transfer().id() + ")", List.of()));
                    return;
                }
                stream(ctx, pull, context);
            }).onFailure(e -> Problems.fail(ctx, e));
        }).onFailure(e -> Problems.fail(ctx, e));
    }

    private void stream(RoutingContext ctx, Transfers.Job pull, Context context) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", pull.mediaType())
                .putHeader("X-Sluis-Transfer-Id", pull.transfer().id())
                .putHeader("X-Sluis-Decision-Id", pull.transfer().decisionId())
                .putHeader("Trailer", SHA256_TRAILER + ", " + RECORDS_TRAILER)
                .putHeader("Cache-Control", "no-store");
        ResponseOutputStream out = new ResponseOutputStream(response, context);
        response.closeHandler(v -> out.gone("the client disconnected"));
        response.exceptionHandler(e -> out.gone("the connection failed: " + e.getMessage()));
        workers.executeBlocking(() -> pull.stream(out), false).onComplete(done -> {
            if (done.succeeded() && done.result().state().equals(Transfer.COMPLETED)) {
                response.putTrailer(SHA256_TRAILER, done.result().sha256())
                        .putTrailer(RECORDS_TRAILER, Long.toString(done.result().records()))
                        .end();
            } else if (!response.closed()) {
                response.reset();
            }
        });
    }

    /**
     * {@code POST /v1/transfers}: decided now (403 on deny), delivered in the background: 202 with the
     * transfer. The sink must pass the SSRF guard (400 at {@code /sinkUrl} otherwise).
     */
    void push(RoutingContext ctx) {
        JsonNode body = json.read(ctx);
        if (!body.isObject()) {
            throw Refusal.invalid("", "expected a JSON object {\"agreementId\", \"purpose\", \"sinkUrl\", ...}");
        }
        List<org.sluis.contracts.odrl.Problem> errors = new ArrayList<>();
        JsonChecks.onlyMembers(body, "", Set.of("agreementId", "purpose", "sinkUrl", "headers", "format", "fields", "limit"), "a push", errors);
        Optional<String> agreementId = JsonChecks.string(body, "", "agreementId", true, "an agreement id",
                JsonChecks.matching(SLUG, "an agreement id"), errors);
        Optional<String> purpose = JsonChecks.string(body, "", "purpose", true, "a purpose",
                JsonChecks.matching(PURPOSE, "a purpose of 1 to 256 characters"), errors);
        Optional<String> sink = JsonChecks.string(body, "", "sinkUrl", true, "an http(s) URL", DataRoutes::sinkUrl, errors);
        Optional<Map<String, String>> headers = JsonChecks.stringMap(body, "", "headers", Syntax::headerName, Syntax::headerValue, true, errors);
        Optional<String> format = JsonChecks.string(body, "", "format", false, "a format",
                JsonChecks.oneOf(Arrays.stream(RecordFormat.values()).map(RecordFormat::wire).toList()), errors);
        List<String> fields = new ArrayList<>();
        JsonNode f = body.get("fields");
        if (f != null && (!f.isArray() || f.size() > 200)) {
            errors.add(new org.sluis.contracts.odrl.Problem("/fields", "expected an array of at most 200 field names"));
        } else if (f != null) {
            for (int i = 0; i < f.size(); i++) {
                if (f.get(i).isTextual() && FIELD.matcher(f.get(i).asText()).matches()) {
                    fields.add(f.get(i).asText());
                } else {
                    errors.add(new org.sluis.contracts.odrl.Problem("/fields/" + i, "expected a field name"));
                }
            }
        }
        JsonNode l = body.get("limit");
        if (l != null && !(l.canConvertToExactIntegral() && l.asLong() >= 1)) {
            errors.add(new org.sluis.contracts.odrl.Problem("/limit", "expected a positive integer, found " + JsonChecks.describe(l)));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        Transfers.Ask ask = new Transfers.Ask(agreementId.get(), purpose.get(),
                format.flatMap(RecordFormat::fromWire).orElse(RecordFormat.NDJSON), fields,
                l == null ? Optional.empty() : Optional.of(l.asLong()), Optional.empty());
        URI url = URI.create(sink.get());
        database.call(dsl -> {
            try {
                guard.check(url);
            } catch (BlockedAddressException | UnknownHostException e) {
                throw Refusal.invalid("/sinkUrl", "the exchange does not deliver there: " + e.getMessage());
            }
            return transfers.startPush(caller, ask, new Transfers.Sink(url, headers.orElse(Map.of())), requestId);
        }).onSuccess(started -> {
            if (started.job().isEmpty()) {
                AccessRoutes.denied(ctx, started.decided());
                return;
            }
            pushes.submit(started.job().get());
            Transfer t = started.job().get().transfer();
            ctx.response().setStatusCode(202).putHeader("Location", "/v1/transfers/" + t.id()).putHeader("X-Sluis-Transfer-Id", t.id());
            Responses.json(ctx, t.json());
        }).onFailure(e -> Problems.fail(ctx, e));
    }

    private static Optional<String> sinkUrl(String value) {
        try {
            URI u = new URI(value);
            if (u.isAbsolute() && (u.getScheme().equals("https") || u.getScheme().equals("http")) && u.getHost() != null
                    && u.getUserInfo() == null && u.getFragment() == null && value.length() <= 2000) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Optional.of("expected an absolute http(s) URL with a host, without user information or fragment");
    }

    void one(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        database.call(dsl -> transfers.find(id, caller)).onSuccess(t -> Responses.json(ctx, t.json())).onFailure(e -> Problems.fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        Query q = new Query(ctx);
        String after = q.text("cursor").orElse("");
        int limit = q.limit(MAX_PAGE, MAX_PAGE);
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> Responses.page(transfers.list(caller, after, limit), limit, Transfer::json, Transfer::id)).onSuccess(body -> Responses.json(ctx, body)).onFailure(e -> Problems.fail(ctx, e));
    }
}
