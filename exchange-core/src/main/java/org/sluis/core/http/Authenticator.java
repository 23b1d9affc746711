package org.sluis.core.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sluis.core.identity.AccessToken;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.InvalidTokenException;
import org.sluis.core.identity.Participant;
import org.sluis.core.identity.ParticipantStatus;
import org.sluis.core.identity.ParticipantStore;
import org.sluis.core.identity.Role;
import org.sluis.core.identity.StandingCache;
import org.sluis.core.identity.TokenSigning;
import org.sluis.core.store.Database;

/**
 * Establishes who calls a {@code /v1} route: a valid access token (signature, issuer, audience,
 * lifetime) of a participant that is ACTIVE now. Roles come from the registry, not the token, and
 * standing is re-read at least every {@link StandingCache#TTL}, so a suspension or revocation stops
 * a participant's unexpired tokens on every instance within a second.
 */
final class Authenticator {
    private static final String CALLER = "sluis.caller";

    private final TokenSigning tokens;
    private final StandingCache standings;
    private final ParticipantStore participants;
    private final Database database;

    Authenticator(TokenSigning tokens, StandingCache standings, ParticipantStore participants, Database database) {
        this.tokens = tokens;
        this.standings = standings;
        this.participants = participants;
        this.database = database;
    }

    /** The first handler of every protected route. */
    void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\"");
            throw new ProblemException(unauthorized("This resource needs an access token (Authorization: Bearer ...);"
                    + " get one at /oauth/token."));
        }
        AccessToken token;
        try {
            token = tokens.verifier().verify(header.substring(7).strip());
        } catch (InvalidTokenException e) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\", error=\"invalid_token\"");
            throw new ProblemException(unauthorized("The access token is not valid: " + e.reason()));
        }
        Optional<Participant> known = standings.fresh(token.participantId());
        if (known.isPresent()) {
            admit(ctx, token, known);
            return;
        }
        database.call(dsl -> participants.find(token.participantId()))
                .onSuccess(found -> {
                    found.ifPresent(standings::put);
                    try {
                        admit(ctx, token, found);
                    } catch (ProblemException e) {
                        ctx.fail(e);
                    }
                })
                .onFailure(ctx::fail);
    }

    private static void admit(RoutingContext ctx, AccessToken token, Optional<Participant> participant) {
        if (participant.isEmpty() || participant.get().status() != ParticipantStatus.ACTIVE) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"sluis\", error=\"invalid_token\"");
            throw new ProblemException(unauthorized(participant.isEmpty()
                    ? "The access token names participant " + token.participantId() + ", which the exchange does not know."
                    : "Participant " + token.participantId() + " is " + participant.get().status().name().toLowerCase(Locale.ROOT)
                            + "; its tokens are no longer honoured."));
        }
        ctx.put(CALLER, new Caller(participant.get().id(), participant.get().roles()));
        ctx.next();
    }

    /** A handler that lets through callers holding any of {@code roles} and answers 403 to the others. */
    static Handler<RoutingContext> require(Role... roles) {
        List<Role> wanted = List.of(roles);
        return ctx -> {
            if (!caller(ctx).hasAny(roles)) {
                throw new ProblemException(new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403,
                        "This needs one of the roles " + wanted + "; participant " + caller(ctx).participantId()
                                + " has " + caller(ctx).roles() + ".", List.of()));
            }
            ctx.next();
        };
    }

    /** The caller established by {@link #handle}. */
    static Caller caller(RoutingContext ctx) {
        Caller c = ctx.get(CALLER);
        if (c == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " reads the caller but has no Authenticator before it");
        }
        return c;
    }

    private static Problem unauthorized(String detail) {
        return new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401, detail, List.of());
    }
}
