package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Iris;
import org.sluis.core.consent.ConsentCache;
import org.sluis.core.consent.ConsentRegistry;
import org.sluis.core.consent.StoredConsent;
import org.sluis.core.identity.Caller;
import org.sluis.core.json.JsonChecks;
import org.sluis.core.store.Database;
import org.sluis.policy.consent.FhirConsentReader;

/** {@code /v1/consents}: custodians record, revoke and look up their data subjects' consent. */
final class ConsentRoutes {
    /** Body limit of {@code POST /v1/consents} and {@code /v1/consents/fhir}: a full batch of {@value ConsentRegistry#MAX_BATCH} consents fits. */
    static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;
    private static final String FHIR_DEFAULT_CATEGORY = "health";
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}|fhir:[A-Z][A-Za-z]{1,63}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern TERM = Pattern.compile("[^\\p{Cc}\\s]{1,256}");
    private static final Pattern SUBJECT = Pattern.compile("[^\\p{Cc}]{1,256}");
    private static final Set<String> MEMBERS = Set.of("subject", "datasetId", "category", "purposes", "recipients", "validFrom",
            "validUntil", "decision");

    private final ConsentRegistry registry;
    private final Database database;
    private final JsonBody json;

    ConsentRoutes(ConsentRegistry registry, Database database, JsonBody json) {
        this.registry = registry;
        this.database = database;
        this.json = json;
    }

    void record(RoutingContext ctx) {
        List<ConsentRegistry.Statement> statements = statements(json.read(ctx));
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode items = out.putArray("consents");
            registry.record(statements, Collections.nCopies(statements.size(), "api"), caller, requestId).forEach(c -> items.add(c.json()));
            return out;
        }).onSuccess(body -> {
            ctx.response().setStatusCode(201);
            Responses.json(ctx, body);
        })
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /**
     * {@code POST /v1/consents/fhir?category=}: a FHIR R4 Consent or a Bundle of them, all or
     * nothing. Every element the reader does not interpret is a 400 error at its JSON Pointer, so
     * nothing a patient stated is dropped silently. {@code category} is the data category of a
     * provision that names no data class (default {@code health}).
     */
    void importFhir(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<String> category = q.matching("category", SLUG, "a data category such as health");
        q.done();
        FhirConsentReader.Result read = new FhirConsentReader(category.orElse(FHIR_DEFAULT_CATEGORY)).read(json.read(ctx));
        if (!read.ok()) {
            throw Refusal.invalid(read.issues().stream().map(i -> new org.sluis.contracts.odrl.Problem(i.pointer(), i.message())).toList());
        }
        if (read.statements().isEmpty() || read.statements().size() > ConsentRegistry.MAX_BATCH) {
            throw Refusal.invalid("", "expected a Consent or a Bundle yielding 1 to " + ConsentRegistry.MAX_BATCH + " consents, found "
                    + read.statements().size());
        }
        List<ConsentRegistry.Statement> statements = read.statements().stream().map(f -> new ConsentRegistry.Statement(f.subject(),
                f.datasetId(), f.category(), f.purposes(), f.recipients(), f.validFrom(), f.validUntil(), f.permit() ? "permit" : "deny"))
                .toList();
        List<String> sources = read.statements().stream().map(FhirConsentReader.Statement::source).toList();
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode items = out.putArray("consents");
            registry.record(statements, sources, caller, requestId).forEach(c -> items.add(c.json()));
            return out;
        }).onSuccess(body -> {
            ctx.response().setStatusCode(201);
            Responses.json(ctx, body);
        }).onFailure(e -> Problems.fail(ctx, e));
    }

    void revoke(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> registry.revoke(id, caller, requestId))
                .onSuccess(c -> Responses.json(ctx, c.json()))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void ofSubject(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<String> subject = q.requiredText("subject");
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> Responses.page(registry.ofSubject(subject.get(), caller).stream().map(StoredConsent::json).toList(),
                Optional.empty()))
                .onSuccess(body -> Responses.json(ctx, body))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** Reads {@code {"consents": [...]}}, naming every problem by its pointer; nothing is recorded unless all are valid. */
    private static List<ConsentRegistry.Statement> statements(JsonNode body) {
        List<Problem> errors = new ArrayList<>();
        JsonNode list = body.get("consents");
        if (!body.isObject() || list == null || !list.isArray() || list.isEmpty() || list.size() > ConsentRegistry.MAX_BATCH) {
            throw Refusal.invalid("/consents", "expected an array of 1 to " + ConsentRegistry.MAX_BATCH + " consents");
        }
        JsonChecks.onlyMembers(body, "", Set.of("consents"), "a consent batch", errors);
        List<ConsentRegistry.Statement> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(statement(list.get(i), "/consents/" + i, errors));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return out;
    }

    private static ConsentRegistry.Statement statement(JsonNode c, String at, List<Problem> errors) {
        if (!c.isObject()) {
            errors.add(new Problem(at, "expected a consent object"));
            return null;
        }
        JsonChecks.onlyMembers(c, at, MEMBERS, "a consent", errors);
        String subject = text(c, "subject", true, SUBJECT, at, "the subject's pseudonymous id, 1 to 256 characters", errors).orElse(null);
        Optional<String> dataset = text(c, "datasetId", false, SLUG, at, "a dataset id", errors);
        Optional<String> category = text(c, "category", false, CATEGORY, at, "a data category: a domain such as health, or"
                + " fhir:<ResourceType> such as fhir:Observation", errors);
        if (c.has("datasetId") == c.has("category")) {
            errors.add(new Problem(at + "/datasetId", "expected exactly one of datasetId and category"));
        }
        List<String> purposes = terms(c, "purposes", at, errors);
        List<String> recipients = recipients(c, at, errors);
        Optional<Instant> from = time(c, "validFrom", at, errors);
        Optional<Instant> until = time(c, "validUntil", at, errors);
        if (from.isPresent() && until.isPresent() && !until.get().isAfter(from.get())) {
            errors.add(new Problem(at + "/validUntil", "expected a time after validFrom"));
        }
        JsonNode decision = c.get("decision");
        if (decision == null || !(decision.asText().equals("permit") || decision.asText().equals("deny")) || !decision.isTextual()) {
            errors.add(new Problem(at + "/decision", "expected permit or deny"));
        }
        return new ConsentRegistry.Statement(subject, dataset, category, purposes, recipients, from, until,
                decision == null ? null : decision.asText());
    }

    private static Optional<String> text(JsonNode c, String field, boolean required, Pattern form, String at, String expected,
                                         List<Problem> errors) {
        return JsonChecks.string(c, at, field, required, expected, JsonChecks.matching(form, expected), errors);
    }

    /**
     * A recipient is a participant (its id or IRI, kept as the IRI) or a category of participants
     * ({@code category:<name>}, as participants name their categories at registration).
     */
    private static List<String> recipients(JsonNode c, String at, List<Problem> errors) {
        JsonNode given = c.get("recipients");
        if (given == null) {
            return List.of();
        }
        if (!given.isArray() || given.size() > 100) {
            errors.add(new Problem(at + "/recipients", "expected an array of at most 100 recipients (empty: any)"));
            return List.of();
        }
        List<String> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            String r = given.get(i).isTextual() ? given.get(i).asText() : "";
            if (SLUG.matcher(r).matches()) {
                out.add(Iris.participant(r));
            } else if (Iris.participantId(r).isPresent()
                    || r.startsWith(ConsentCache.CATEGORY_PREFIX) && SLUG.matcher(r.substring(ConsentCache.CATEGORY_PREFIX.length())).matches()) {
                out.add(r);
            } else {
                errors.add(new Problem(at + "/recipients/" + i, "expected a participant id (lab), its IRI (urn:sluis:participant:lab) or a"
                        + " category of participants (category:research-institution), found "
                        + (given.get(i).isTextual() ? JsonChecks.quote(r) : JsonChecks.describe(given.get(i)))));
            }
        }
        return out;
    }

    private static List<String> terms(JsonNode c, String field, String at, List<Problem> errors) {
        JsonNode v = c.get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray() || v.size() > 100) {
            errors.add(new Problem(at + "/" + field, "expected an array of at most 100 strings (empty: any)"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || !TERM.matcher(v.get(i).asText()).matches()) {
                errors.add(new Problem(at + "/" + field + "/" + i, "expected a term or IRI without spaces, 1 to 256 characters"));
            } else {
                out.add(v.get(i).asText());
            }
        }
        return out;
    }

    private static Optional<Instant> time(JsonNode c, String field, String at, List<Problem> errors) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.asText()));
        } catch (DateTimeParseException e) {
            errors.add(new Problem(at + "/" + field, "expected an RFC 3339 UTC time such as 2026-01-31T00:00:00Z"));
            return Optional.empty();
        }
    }
}
