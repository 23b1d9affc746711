package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.CsrException;
import org.sluis.core.identity.Participant;
import org.sluis.core.identity.ParticipantRegistry;
import org.sluis.core.identity.ParticipantStatus;
import org.sluis.core.identity.Registration;
import org.sluis.core.identity.Role;
import org.sluis.core.identity.StandingCache;
import org.sluis.core.store.Database;

/** {@code /v1/participants}: onboarding by CSR, the registry, and status changes (operator). */
final class ParticipantRoutes {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern REGISTRATION = Pattern.compile("[A-Za-z0-9 .-]{1,64}");

    private final ParticipantRegistry registry;
    private final StandingCache standings;
    private final Database database;
    private final JsonBody json;

    ParticipantRoutes(ParticipantRegistry registry, StandingCache standings, Database database, JsonBody json) {
        this.registry = registry;
        this.standings = standings;
        this.database = database;
        this.json = json;
    }

    void register(RoutingContext ctx) {
        Registration r = registration(json.read(ctx));
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> registry.register(r, caller.participantId(), requestId))
                .onSuccess(outcome -> {
                    if (outcome instanceof ParticipantRegistry.Registered.Created c) {
                        JsonArray chain = new JsonArray();
                        c.certificate().chainPem().stream().skip(1).forEach(chain::add); // the CA chain, without the leaf
                        ctx.response().setStatusCode(201).putHeader("Location", "/v1/participants/" + c.participant().id());
                        ctx.json(body(c.participant()).put("certificate", c.certificate().pem()).put("caChain", chain));
                    } else {
                        fail(ctx, new ProblemException(new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409,
                                "A participant with id '" + r.id() + "' exists already.", List.of(Problem.FieldError.at("/id", "is taken")))));
                    }
                })
                .onFailure(e -> fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        String after = Optional.ofNullable(ctx.request().getParam("cursor")).orElse("");
        database.call(dsl -> registry.list(after, LedgerRoutes.DEFAULT_PAGE))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    page.forEach(p -> items.add(body(p)));
                    ctx.json(new JsonObject().put("items", items)
                            .put("next", page.size() < LedgerRoutes.DEFAULT_PAGE ? null : page.get(page.size() - 1).id()));
                })
                .onFailure(e -> fail(ctx, e));
    }

    void me(RoutingContext ctx) {
        show(ctx, Authenticator.caller(ctx).participantId());
    }

    void one(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        if (!id.equals(caller.participantId()) && !caller.hasAny(Role.OPERATOR, Role.AUDITOR)) {
            throw new ProblemException(new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403,
                    "Only the operator, an auditor or the participant itself may read participant " + id + ".", List.of()));
        }
        show(ctx, id);
    }

    void suspend(RoutingContext ctx) {
        changeStatus(ctx, ParticipantStatus.SUSPENDED);
    }

    void reinstate(RoutingContext ctx) {
        changeStatus(ctx, ParticipantStatus.ACTIVE);
    }

    void revoke(RoutingContext ctx) {
        changeStatus(ctx, ParticipantStatus.REVOKED);
    }

    private void changeStatus(RoutingContext ctx, ParticipantStatus status) {
        String id = ctx.pathParam("id");
        String reason = ctx.body() != null && ctx.body().length() > 0 ? json.read(ctx).path("reason").asText(null) : null;
        Caller caller = Authenticator.caller(ctx);
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> registry.changeStatus(id, status, reason, caller.participantId(), requestId))
                .onSuccess(changed -> {
                    standings.forget(id); // this instance enforces it at once; the others within StandingCache.TTL
                    if (changed.isEmpty()) {
                        fail(ctx, new ProblemException(Problem.notFound("There is no participant '" + id + "'.")));
                    } else {
                        ctx.json(body(changed.get()));
                    }
                })
                .onFailure(e -> fail(ctx, e));
    }

    private void show(RoutingContext ctx, String id) {
        database.call(dsl -> registry.find(id))
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        fail(ctx, new ProblemException(Problem.notFound("There is no participant '" + id + "'.")));
                    } else {
                        ctx.json(body(found.get()).put("certificate", found.get().certificatePem()));
                    }
                })
                .onFailure(e -> fail(ctx, e));
    }

    private static JsonObject body(Participant p) {
        JsonArray roles = new JsonArray();
        p.roles().stream().map(Role::name).sorted().forEach(roles::add);
        return new JsonObject()
                .put("id", p.id())
                .put("name", p.name())
                .put("registrationNumber", p.registrationNumber())
                .put("region", p.region())
                .put("roles", roles)
                .put("categories", new JsonArray(p.categories().stream().sorted().toList()))
                .put("status", p.status().name())
                .put("certificateSha256", p.certificateSha256())
                .put("createdAt", p.createdAt().toString())
                .put("updatedAt", p.updatedAt().toString());
    }

    /** Reads the registration, naming every invalid field by its JSON Pointer. */
    private static Registration registration(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!body.isObject()) {
            throw new ProblemException(Problem.invalid(List.of(Problem.FieldError.at("", "expected a JSON object"))));
        }
        String id = text(body, "id", SLUG, "a slug of 2 to 63 lowercase letters, digits and hyphens", errors);
        String name = text(body, "name", Pattern.compile("\\P{Cc}{1,200}"), "1 to 200 printable characters", errors);
        String number = text(body, "registrationNumber", REGISTRATION, "1 to 64 letters, digits, spaces, dots or hyphens", errors);
        String region = text(body, "region", REGION, "an ISO 3166 code such as NL or NL-NH", errors);
        String csr = text(body, "csr", Pattern.compile("(?s)-----BEGIN CERTIFICATE REQUEST-----.{1,16000}"), "a PEM PKCS#10 certificate request", errors);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        JsonNode rolesNode = body.get("roles");
        if (rolesNode == null || !rolesNode.isArray() || rolesNode.isEmpty()) {
            errors.add(Problem.FieldError.at("/roles", "expected a non-empty array of " + List.of(Role.values())));
        } else {
            for (int i = 0; i < rolesNode.size(); i++) {
                try {
                    roles.add(Role.valueOf(rolesNode.get(i).asText("")));
                } catch (IllegalArgumentException e) {
                    errors.add(Problem.FieldError.at("/roles/" + i, "expected one of " + List.of(Role.values())
                            + ", found " + rolesNode.get(i)));
                }
            }
        }
        Set<String> categories = new TreeSet<>();
        JsonNode categoriesNode = body.get("categories");
        if (categoriesNode != null && !categoriesNode.isArray()) {
            errors.add(Problem.FieldError.at("/categories", "expected an array of categories such as \"research-institution\", found "
                    + categoriesNode.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        } else if (categoriesNode != null) {
            for (int i = 0; i < categoriesNode.size(); i++) {
                JsonNode c = categoriesNode.get(i);
                if (!c.isTextual() || !SLUG.matcher(c.asText()).matches()) {
                    errors.add(Problem.FieldError.at("/categories/" + i, "expected a category: a slug of 2 to 63 lowercase letters, digits"
                            + " and hyphens, found " + c));
                } else {
                    categories.add(c.asText());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
        return new Registration(id, name, number, region, roles, categories, csr);
    }

    private static String text(JsonNode body, String field, Pattern form, String expected, List<Problem.FieldError> errors) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || !form.matcher(v.asText()).matches()) {
            errors.add(Problem.FieldError.at("/" + field, "expected " + expected
                    + (v == null ? ", found nothing" : v.isTextual() ? "" : ", found " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT))));
            return null;
        }
        return v.asText();
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CsrException c) {
            Problems.send(ctx, Problem.invalid(List.of(Problem.FieldError.at("/csr", c.getMessage()))));
        } else if (cause instanceof IllegalStateException s) {
            Problems.send(ctx, new Problem(Problem.TYPE_PREFIX + "conflict", "Conflict", 409, s.getMessage(), List.of()));
        } else {
            Problems.fail(ctx, cause);
        }
    }
}
