package org.sluis.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Catalog;
import org.sluis.core.catalog.Dataset;
import org.sluis.core.catalog.DatasetReader;
import org.sluis.core.catalog.DatasetSpec;
import org.sluis.core.identity.Caller;
import org.sluis.core.store.Database;

/** {@code /v1/datasets} (providers publish, change and withdraw) and {@code /v1/catalog} (everyone finds). */
final class CatalogRoutes {
    private final Catalog catalog;
    private final Database database;
    private final JsonBody json;
    private final DatasetReader reader = new DatasetReader();

    CatalogRoutes(Catalog catalog, Database database, JsonBody json) {
        this.catalog = catalog;
        this.database = database;
        this.json = json;
    }

    void publish(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        DatasetSpec spec = spec(json.read(ctx), caller, Optional.empty());
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> catalog.publish(spec, caller.participantId(), requestId))
                .onSuccess(d -> {
                    ctx.response().setStatusCode(201).putHeader("Location", "/v1/datasets/" + d.id());
                    Responses.json(ctx, d.json());
                })
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void update(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        DatasetSpec spec = spec(json.read(ctx), caller, Optional.of(id));
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> catalog.update(id, spec, caller, requestId))
                .onSuccess(d -> Responses.json(ctx, d.json()))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void withdraw(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        String requestId = RequestLog.id(ctx);
        database.call(dsl -> catalog.withdraw(id, caller, requestId))
                .onSuccess(d -> Responses.json(ctx, d.json()))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void one(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        String id = ctx.pathParam("id");
        database.call(dsl -> catalog.view(id, caller))
                .onSuccess(view -> Responses.json(ctx, view))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** The caller's own datasets, any status: what a provider's data stewards manage. */
    void mine(RoutingContext ctx) {
        Query q = new Query(ctx);
        String after = q.text("cursor").orElse("");
        int limit = q.limit(Catalog.MAX_PAGE, Catalog.MAX_PAGE);
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> Responses.page(catalog.ofProvider(caller.participantId(), after, limit), limit, Dataset::json, Dataset::id))
                .onSuccess(body -> Responses.json(ctx, body))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    void list(RoutingContext ctx) {
        Query q = new Query(ctx);
        Optional<String> domain = q.text("domain");
        Optional<String> provider = q.text("provider");
        Optional<String> text = q.text("text");
        String after = q.text("cursor").orElse("");
        int limit = q.limit(20, Catalog.MAX_PAGE);
        q.done();
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> {
            Catalog.Page page = catalog.list(domain, provider, text, after, limit, caller);
            return Responses.page(page.items(), page.next());
        }).onSuccess(body -> Responses.json(ctx, body)).onFailure(e -> Problems.fail(ctx, e));
    }

    private DatasetSpec spec(JsonNode body, Caller caller, Optional<String> pathId) {
        DatasetReader.Read read = reader.read(body, caller.participantId(), pathId);
        if (read instanceof DatasetReader.Read.Invalid invalid) {
            throw Refusal.invalid(invalid.problems());
        }
        return ((DatasetReader.Read.Valid) read).spec();
    }
}
