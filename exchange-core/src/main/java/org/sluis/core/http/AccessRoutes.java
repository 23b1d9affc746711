package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.Refusal;
import org.sluis.core.access.AccessGate;
import org.sluis.core.identity.Caller;
import org.sluis.core.json.JsonChecks;
import org.sluis.core.store.Database;
import org.sluis.policy.Reason;

/**
 * {@code POST /v1/decisions}: a consumer asks whether it may use a dataset under its agreement,
 * now, for a purpose. The answer is the decision as logged: 200 with the obligations on permit,
 * 403 problem+json with the reasons on deny. Each call is one use for {@code count} constraints.
 */
final class AccessRoutes {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern PURPOSE = Pattern.compile("[^\\p{Cc}]{1,256}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9:/._#-]{0,255}");
    private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cc}]{1,256}");

    private final AccessGate gate;
    private final Database database;
    private final JsonBody json;

    AccessRoutes(AccessGate gate, Database database, JsonBody json) {
        this.gate = gate;
        this.database = database;
        this.json = json;
    }

    void decide(RoutingContext ctx) {
        AccessGate.Ask ask = ask(json.read(ctx));
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> gate.decide(caller, ask, requestId))
                .onSuccess(d -> {
                    if (d.decision().permitted()) {
                        Responses.json(ctx, body(d));
                    } else {
                        denied(ctx, d);
                    }
                })
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** Answers a denial: 403 problem+json with the reasons, the decision id and its ledger index. */
    static void denied(RoutingContext ctx, AccessGate.Decided d) {
        ObjectNode members = body(d);
        members.remove("id");
        members.put("decisionId", d.id());
        String detail = d.decision().reasons().stream().map(Reason::message).collect(Collectors.joining("; "));
        Problems.send(ctx, new org.sluis.core.http.Problem(org.sluis.core.http.Problem.TYPE_PREFIX + "access-denied",
                "Access denied", 403, detail, List.of()), members);
    }

    /** The decision as the API shows it: what was decided, why, under which obligations, and where it is logged. */
    static ObjectNode body(AccessGate.Decided d) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", d.id()).put("agreementId", d.agreement().id());
        out.setAll(d.decision().toJson());
        out.put("ledgerIndex", d.ledgerIndex());
        d.opaDecisionId().ifPresent(id -> out.put("opaDecisionId", id));
        return out;
    }

    private static AccessGate.Ask ask(JsonNode body) {
        if (!body.isObject()) {
            throw Refusal.invalid("", "expected a JSON object {\"agreementId\", \"purpose\", \"action\"?, \"subject\"?}");
        }
        List<Problem> errors = new ArrayList<>();
        JsonChecks.onlyMembers(body, "", Set.of("agreementId", "purpose", "action", "subject"), "a decision request", errors);
        Optional<String> agreementId = JsonChecks.string(body, "", "agreementId", true, "an agreement id",
                JsonChecks.matching(SLUG, "an agreement id"), errors);
        Optional<String> purpose = JsonChecks.string(body, "", "purpose", true, "a purpose",
                JsonChecks.matching(PURPOSE, "a purpose of 1 to 256 characters, e.g. scientific-research"), errors);
        Optional<String> action = JsonChecks.string(body, "", "action", false, "an ODRL action",
                JsonChecks.matching(ACTION, "an ODRL action such as use or read"), errors);
        Optional<String> subject = JsonChecks.string(body, "", "subject", false, "a data subject's id",
                JsonChecks.matching(SUBJECT, "a data subject's pseudonymous id of 1 to 256 characters"), errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return new AccessGate.Ask(agreementId.get(), purpose.get(), action.orElse("use"), subject);
    }
}
