package org.sluis.core.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.sluis.core.identity.Identity;
import org.sluis.core.identity.KeyRing;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.store.Database;

/**
 * {@code POST /v1/keys/{purpose}/rotate} (operator): rotates the token, notary or ledger key. Each
 * rotation is logged before it takes effect; retired keys stay published while they verify
 * something (tokens until they expire, agreements and checkpoints for good).
 */
final class KeyRoutes {
    private final Identity identity;
    private final Ledger ledger;
    private final Database database;

    KeyRoutes(Identity identity, Ledger ledger, Database database) {
        this.identity = identity;
        this.ledger = ledger;
        this.database = database;
    }

    void rotate(RoutingContext ctx) {
        String purpose = ctx.pathParam("purpose");
        String actor = Authenticator.caller(ctx).participantId();
        String requestId = RequestLog.id(ctx);
        if (purpose.equals("ledger")) {
            database.call(dsl -> ledger.rotateKey(actor, requestId))
                    .onSuccess(r -> ctx.json(new JsonObject().put("purpose", purpose)
                            .put("oldKeyId", r.oldVerifierKey()).put("newKeyId", r.newVerifierKey())))
                    .onFailure(e -> Problems.fail(ctx, e));
            return;
        }
        KeyRing ring = identity.ring(purpose).orElseThrow(() -> new ProblemException(Problem.notFound(
                "There is no key '" + purpose + "'; the exchange rotates token, notary and ledger.")));
        database.call(dsl -> ring.rotate(ledger, actor, requestId))
                .onSuccess(r -> ctx.json(new JsonObject().put("purpose", purpose).put("oldKeyId", r.oldKeyId())
                        .put("newKeyId", r.newKeyId())))
                .onFailure(e -> Problems.fail(ctx, e));
    }
}
