package org.sluis.core.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.sluis.core.access.ExchangeFacts;
import org.sluis.core.identity.Caller;
import org.sluis.core.store.Database;
import org.sluis.policy.opa.OpaBundle;

/**
 * {@code GET /v1/opa/bundle.tar.gz}: the exchange's Rego and live facts as an OPA bundle, for a
 * provider's own OPA ({@code services} + {@code bundles} in its OPA configuration, polling with
 * {@code If-None-Match}). The ETag is the bundle's revision, so an unchanged state costs a 304.
 */
final class OpaRoutes {
    private final ExchangeFacts facts;
    private final Database database;
    private final Clock clock;

    OpaRoutes(ExchangeFacts facts, Database database, Clock clock) {
        this.facts = facts;
        this.database = database;
        this.clock = clock;
    }

    void bundle(RoutingContext ctx) {
        Caller caller = Authenticator.caller(ctx);
        database.call(dsl -> OpaBundle.build(facts.of(caller, clock.instant())))
                .onSuccess(bundle -> {
                    ctx.response().putHeader("ETag", bundle.etag()).putHeader("Cache-Control", "no-cache");
                    if (matches(ctx.request().getHeader("If-None-Match"), bundle.etag())) {
                        ctx.response().setStatusCode(304).end();
                    } else {
                        ctx.response().putHeader("Content-Type", "application/gzip").end(Buffer.buffer(bundle.bytes()));
                    }
                })
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** RFC 9110 section 13.1.2: {@code *} or a list of entity tags, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }
}
