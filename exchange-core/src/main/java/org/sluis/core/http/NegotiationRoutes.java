package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sluis.contracts.negotiation.NegotiationState;
import org.sluis.contracts.negotiation.Party;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.Refusal;
import org.sluis.core.identity.Caller;
import org.sluis.core.json.JsonChecks;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.negotiation.Agreement;
import org.sluis.core.negotiation.Agreements;
import org.sluis.core.negotiation.Negotiation;
import org.sluis.core.negotiation.Negotiations;
import org.sluis.core.store.Database;
import org.sluis.core.store.schema.tables.records.LedgerEntryRecord;

/** {@code /v1/negotiations} and {@code /v1/agreements}: requesting, agreeing, terminating, and reading the results. */
final class NegotiationRoutes {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern PURPOSE = Pattern.compile("[^\\p{Cc}]{1,256}");
    private static final Pattern REASON = Pattern.compile("[^\\p{Cc}]{1,1000}");
    private static final int MAX_PAGE = 100;
    private static final ObjectMapper ENTRY = new ObjectMapper();

    private final Negotiations negotiations;
    private final Agreements agreements;
    private final Database database;
    private final JsonBody json;
    private final Clock clock;
    private final Ledger ledger;

    NegotiationRoutes(Negotiations negotiations, Agreements agreements, Ledger ledger, Database database, JsonBody json, Clock clock) {
        this.ledger = ledger;
        this.negotiations = negotiations;
        this.agreements = agreements;
        this.database = database;
        this.json = json;
        this.clock = clock;
    }

    void request(RoutingContext ctx) {
        JsonNode body = object(json.read(ctx));
        List<Problem> errors = new ArrayList<>();
        JsonChecks.onlyMembers(body, "", Set.of("datasetId", "offerId", "purpose"), "a contract request", errors);
        String datasetId = required(body, "datasetId", SLUG, "a dataset id", errors);
        String offerId = required(body, "offerId", SLUG, "an offer id of that dataset", errors);
        String purpose = required(body, "purpose", PURPOSE, "a purpose of 1 to 256 characters, e.g. scientific-research", errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> negotiations.request(caller, datasetId, offerId, purpose, requestId))
                .onSuccess(n -> {
                    ctx.response().setStatusCode(201).putHeader("Location", "/v1/negotiations/" + n.id());
                    Responses.json(ctx, n.json());
                })
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void one(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        database.call(dsl -> negotiations.find(id, caller)).onSuccess(n -> Responses.json(ctx, n.json())).onFailure(e -> Problems.fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<NegotiationState> state = q.oneOf("state", Arrays.stream(NegotiationState.values()).map(Enum::name).toList())
                .map(NegotiationState::valueOf);
        Optional<Party> role = role(q);
        String after = q.text("cursor").orElse("");
        int limit = q.limit(MAX_PAGE, MAX_PAGE);
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> Responses.page(negotiations.list(caller, role, state, after, limit), limit, Negotiation::json, Negotiation::id))
                .onSuccess(body -> Responses.json(ctx, body))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void agree(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> negotiations.agree(id, caller, requestId)).onSuccess(n -> Responses.json(ctx, n.json()))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void terminate(RoutingContext ctx) {
        String reason = reason(ctx);
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> negotiations.terminate(id, caller, reason, requestId)).onSuccess(n -> Responses.json(ctx, n.json()))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** The agreement with its ledger entry, so that the response alone, a proof and a checkpoint verify it offline. */
    void agreement(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        database.call(dsl -> {
            Agreement a = agreements.find(id, caller);
            ObjectNode body = a.json(clock.instant());
            LedgerEntryRecord entry = ledger.entry(a.ledgerIndex())
                    .orElseThrow(() -> new IllegalStateException("agreement " + id + " names ledger entry " + a.ledgerIndex() + ", which is missing"));
            body.set("ledgerEntry", entryJson(entry.getEntry()));
            return body;
        }).onSuccess(body -> Responses.json(ctx, body)).onFailure(e -> Problems.fail(ctx, e));
    }

    void agreementList(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<Party> role = role(q);
        String after = q.text("cursor").orElse("");
        int limit = q.limit(MAX_PAGE, MAX_PAGE);
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> Responses.page(agreements.list(caller, role, after, limit), limit, a -> a.json(clock.instant()), Agreement::id))
                .onSuccess(body -> Responses.json(ctx, body))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void terminateAgreement(RoutingContext ctx) {
        endAgreement(ctx, false);
    }

    void revokeAgreement(RoutingContext ctx) {
        endAgreement(ctx, true);
    }

    private void endAgreement(RoutingContext ctx, boolean revoke) {
        String reason = reason(ctx);
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> revoke ? agreements.revoke(id, caller, reason, requestId) : agreements.terminate(id, caller, reason, requestId))
                .onSuccess(a -> Responses.json(ctx, a.json(clock.instant())))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** The required {@code reason} of a termination: parties and auditors should know why a contract ended. */
    private String reason(RoutingContext ctx) {
        JsonNode body = object(json.read(ctx));
        List<Problem> errors = new ArrayList<>();
        JsonChecks.onlyMembers(body, "", Set.of("reason"), "a termination", errors);
        String reason = required(body, "reason", REASON, "why it ends, in at most 1000 characters the other party understands", errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return reason;
    }

    private static Optional<Party> role(Query q) {
        return q.oneOf("role", List.of("provider", "consumer")).map(r -> Party.valueOf(r.toUpperCase(Locale.ROOT)));
    }

    private static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw Refusal.invalid("", "expected a JSON object, found " + JsonChecks.describe(body));
        }
        return body;
    }

    private static String required(JsonNode body, String field, Pattern form, String expected, List<Problem> errors) {
        return JsonChecks.string(body, "", field, true, expected, JsonChecks.matching(form, expected), errors).orElse(null);
    }

    private static JsonNode entryJson(byte[] leafBytes) {
        try {
            return ENTRY.readTree(leafBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored ledger entry does not parse", e);
        }
    }
}
