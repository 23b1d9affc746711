package org.sluis.core.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.EntryCodec;
import org.sluis.core.ledger.EntryFilter;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.store.Database;
import org.sluis.core.store.schema.tables.records.LedgerEntryRecord;

/**
 * The auditor API over the ledger: checkpoints, entries, proofs and the export. Items are
 * written from the stored leaf bytes, so {@code entry} is byte for byte what was hashed. Hashes
 * are standard base64 as in the checkpoint; proofs are RFC 9162 audit paths.
 */
final class LedgerRoutes {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final int EXPORT_PAGE = 1000;
    private static final String NOTE_TYPE = "text/plain; charset=utf-8";

    private final Ledger ledger;
    private final Database database;

    LedgerRoutes(Ledger ledger, Database database) {
        this.ledger = ledger;
        this.database = database;
    }

    void checkpoint(RoutingContext ctx) {
        database.call(dsl -> ledger.latestCheckpoint())
                .onSuccess(c -> ctx.response().putHeader("Content-Type", NOTE_TYPE).putHeader("Cache-Control", "no-cache").end(c.note()))
                .onFailure(e -> fail(ctx, e));
    }

    void signCheckpoint(RoutingContext ctx) {
        Future.fromCompletionStage(ledger.checkpoint(), ctx.vertx().getOrCreateContext())
                .onSuccess(c -> ctx.response().putHeader("Content-Type", NOTE_TYPE).end(c.note()))
                .onFailure(e -> fail(ctx, e));
    }

    void entries(RoutingContext ctx) {
        Query q = new Query(ctx);
        long from = q.cursor("cursor").orElseGet(() -> q.nonNegative("from").orElse(0L));
        long to = q.nonNegative("to").orElse(Long.MAX_VALUE);
        int limit = q.range("limit", 1, MAX_PAGE).orElse((long) DEFAULT_PAGE).intValue();
        Optional<String> participant = q.text("participant");
        EntryFilter asked = new EntryFilter(q.text("kind"), participant, q.text("dataset"), q.text("agreement"),
                q.time("since"), q.time("until"));
        q.done();
        Caller caller = Authenticator.caller(ctx);
        if (!seesEverything(caller)) {
            // Participants other than auditors and the operator see the entries that concern them, and no others.
            if (participant.isPresent() && !participant.get().equals(caller.participantId())) {
                throw new ProblemException(new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403,
                        "Participant " + caller.participantId() + " may read only the entries that concern it.",
                        List.of(Problem.FieldError.parameter("participant", "must be your own id or left out"))));
            }
            participant = Optional.of(caller.participantId());
        }
        EntryFilter filter = new EntryFilter(asked.kind(), participant, asked.dataset(), asked.agreement(), asked.since(),
                asked.until());
        database.call(dsl -> ledger.entries(from, to, filter, limit))
                .onSuccess(page -> {
                    Buffer body = Buffer.buffer("{\"items\":[");
                    for (int i = 0; i < page.size(); i++) {
                        body.appendString(i == 0 ? "" : ",").appendBytes(item(page.get(i)));
                    }
                    String next = page.size() < limit ? "null"
                            : "\"" + cursorFor(page.get(page.size() - 1).getIdx() + 1) + "\"";
                    body.appendString("],\"next\":" + next + "}");
                    ctx.response().putHeader("Content-Type", "application/json").end(body);
                })
                .onFailure(e -> fail(ctx, e));
    }

    void entry(RoutingContext ctx) {
        long index = pathIndex(ctx);
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> ledger.entry(index))
                .onSuccess(found -> {
                    if (found.isEmpty() || !(seesEverything(caller)
                            || Arrays.asList(found.get().getParticipants()).contains(caller.participantId()))) {
                        fail(ctx, new ProblemException(Problem.notFound("The ledger has no entry " + index + ".")));
                        return;
                    }
                    LedgerEntryRecord r = found.get();
                    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(
                            "{\"index\":" + r.getIdx() + ",\"leafHash\":\"" + b64(r.getLeafHash()) + "\",\"entry\":")
                            .appendBytes(r.getEntry()).appendString("}"));
                })
                .onFailure(e -> fail(ctx, e));
    }

    void inclusionProof(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<Long> index = q.required("index");
        Optional<Long> treeSize = q.required("treeSize");
        q.done();
        database.call(dsl -> ledger.inclusionProof(index.orElseThrow(), treeSize.orElseThrow()))
                .onSuccess(p -> ctx.json(new JsonObject()
                        .put("index", p.index())
                        .put("treeSize", p.treeSize())
                        .put("leafHash", b64(p.leafHash()))
                        .put("path", hashes(p.path()))))
                .onFailure(e -> fail(ctx, e));
    }

    void consistencyProof(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<Long> from = q.required("from");
        Optional<Long> to = q.required("to");
        q.done();
        database.call(dsl -> ledger.consistencyProof(from.orElseThrow(), to.orElseThrow()))
                .onSuccess(path -> ctx.json(new JsonObject().put("from", from.get()).put("to", to.get()).put("path", hashes(path))))
                .onFailure(e -> fail(ctx, e));
    }

    /** NDJSON of every entry in [from, to), a page at a time, waiting for the client when it reads slower than we write. */
    void export(RoutingContext ctx) {
        Query q = new Query(ctx);
        long from = q.nonNegative("from").orElse(0L);
        Optional<Long> to = q.nonNegative("to");
        q.done();
        database.call(dsl -> to.orElseGet(ledger::size))
                .onSuccess(end -> {
                    HttpServerResponse response = ctx.response().setChunked(true)
                            .putHeader("Content-Type", "application/x-ndjson")
                            .putHeader("Content-Disposition", "attachment; filename=\"sluis-ledger-" + from + "-" + end + ".ndjson\"");
                    exportPage(ctx, response, from, end);
                })
                .onFailure(e -> fail(ctx, e));
    }

    private void exportPage(RoutingContext ctx, HttpServerResponse response, long from, long to) {
        if (response.closed()) {
            return;
        }
        if (from >= to) {
            response.end();
            return;
        }
        database.call(dsl -> ledger.entries(from, to, EntryFilter.ALL, EXPORT_PAGE))
                .onSuccess(page -> {
                    if (page.isEmpty()) {
                        response.end();
                        return;
                    }
                    Buffer chunk = Buffer.buffer(page.size() * 512);
                    for (LedgerEntryRecord r : page) {
                        chunk.appendBytes(EntryCodec.exportLine(r.getIdx(), r.getEntry()));
                    }
                    long next = page.get(page.size() - 1).getIdx() + 1;
                    response.write(chunk);
                    if (response.writeQueueFull()) {
                        response.drainHandler(v -> exportPage(ctx, response, next, to));
                    } else {
                        exportPage(ctx, response, next, to);
                    }
                })
                .onFailure(e -> fail(ctx, e));
    }

    private static boolean seesEverything(Caller caller) {
        return caller.hasAny(Role.AUDITOR, Role.OPERATOR);
    }

    private static byte[] item(LedgerEntryRecord r) {
        byte[] line = EntryCodec.exportLine(r.getIdx(), r.getEntry());
        return Arrays.copyOf(line, line.length - 1); // the export line without its newline
    }

    private static long pathIndex(RoutingContext ctx) {
        String raw = ctx.pathParam("index");
        try {
            long index = Long.parseLong(raw);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.invalid(List.of(Problem.FieldError.parameter("index",
                "expected a non-negative integer, found '" + raw + "'"))));
    }

    private static JsonArray hashes(List<byte[]> path) {
        JsonArray array = new JsonArray();
        path.forEach(h -> array.add(b64(h)));
        return array;
    }

    private static String b64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }

    static String cursorFor(long index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("i" + index).getBytes(StandardCharsets.US_ASCII));
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof IllegalArgumentException) {
            Problems.send(ctx, Problem.badRequest("out-of-range", cause.getMessage(), List.of()));
        } else {
            Problems.fail(ctx, cause);
        }
    }
}
