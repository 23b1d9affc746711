package org.sluis.core.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.sluis.core.identity.ClientAssertionVerifier;
import org.sluis.core.identity.TokenError;
import org.sluis.core.identity.TokenSigning;
import org.sluis.core.identity.TokenRequestException;
import org.sluis.core.identity.VerifiedClient;
import org.sluis.core.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth/token}: OAuth 2.0 client credentials with {@code private_key_jwt} (RFC 7523
 * §2.2, as iSHARE). Errors are RFC 6749 §5.2 bodies, not problem+json, because OAuth clients
 * expect them. The assertion is checked on the database worker pool: the participant lookup
 * and the cross-instance jti record are queries.
 */
final class TokenRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final ClientAssertionVerifier assertions;
    private final TokenSigning tokens;
    private final Database database;
    private final Clock clock;

    TokenRoutes(ClientAssertionVerifier assertions, TokenSigning tokens, Database database, Clock clock) {
        this.assertions = assertions;
        this.tokens = tokens;
        this.database = database;
        this.clock = clock;
    }

    void token(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            error(ctx, TokenError.INVALID_REQUEST, "expected an application/x-www-form-urlencoded body");
            return;
        }
        MultiMap form = ctx.request().formAttributes();
        for (String name : new String[] {"grant_type", "client_id", "client_assertion_type", "client_assertion"}) {
            if (form.getAll(name).size() != 1 || form.get(name).isBlank()) {
                error(ctx, TokenError.INVALID_REQUEST, "expected exactly one " + name);
                return;
            }
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            error(ctx, "unsupported_grant_type", 400, "only grant_type=client_credentials is supported");
            return;
        }
        if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            error(ctx, TokenError.INVALID_REQUEST, "expected client_assertion_type=" + ASSERTION_TYPE);
            return;
        }
        String clientId = form.get("client_id");
        String assertion = form.get("client_assertion");
        database.call(dsl -> {
                    VerifiedClient client = assertions.verify(clientId, assertion);
                    return tokens.issuer().issue(client, clock.instant());
                })
                .onSuccess(token -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Pragma", "no-cache")
                        .end(new JsonObject()
                                .put("access_token", token)
                                .put("token_type", "Bearer")
                                .put("expires_in", tokens.policy().lifetime().toSeconds())
                                .encode()))
                .onFailure(e -> {
                    if (e instanceof TokenRequestException t) {
                        LOG.info("request {}: token refused for client {}: {} ({})", RequestLog.id(ctx), safe(clientId),
                                t.error().code(), t.description());
                        error(ctx, t.error(), t.description());
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    private static void error(RoutingContext ctx, TokenError error, String description) {
        error(ctx, error.code(), error.httpStatus(), description);
    }

    private static void error(RoutingContext ctx, String code, int status, String description) {
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\", error=\"" + code + "\"");
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("error", code).put("error_description", description).encode());
    }

    /** A client id as it may appear in a log line: short and inert. */
    private static String safe(String clientId) {
        return clientId.length() > 64 || !clientId.matches("[A-Za-z0-9._-]*") ? "(malformed)" : clientId;
    }
}
