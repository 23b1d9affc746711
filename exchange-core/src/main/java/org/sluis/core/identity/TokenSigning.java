package org.sluis.core.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * The token issuer and verifier over the current key set, following the key file: an instance
 * looks at {@link TokenKeys#file} at most once per {@link #RELOAD_EVERY} and reloads when it
 * changed, so a rotation made through any instance (sharing the data directory's keys) reaches
 * every instance within that time, and retired keys drop out once their tokens have expired.
 */
public final class TokenSigning {
    /** How often an instance looks for a changed key file. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(1);

    private final Path dataDir;
    private final AccessTokenPolicy policy;
    private final Clock clock;
    private volatile State state;
    private volatile Instant lastLook;

    private record State(TokenIssuer issuer, AccessTokenVerifier verifier, FileTime modified, Instant nextExpiry) {
    }

    /** Loads (or creates) the keys in {@code dataDir}. */
    public TokenSigning(Path dataDir, AccessTokenPolicy policy, Clock clock) {
        this.dataDir = dataDir;
        this.policy = policy;
        this.clock = clock;
        this.state = load();
        this.lastLook = clock.instant();
    }

    /** Signs new tokens with the current key. */
    public TokenIssuer issuer() {
        return fresh().issuer();
    }

    /** Verifies tokens against every published key. */
    public AccessTokenVerifier verifier() {
        return fresh().verifier();
    }

    /** The policy (issuer, audience, lifetime) of the tokens. */
    public AccessTokenPolicy policy() {
        return policy;
    }

    /**
     * Rotates the token key: logs the rotation, then makes a new current key and keeps the old one
     * published until the last token it signed has expired. Blocking.
     *
     * @return the old and the new key id
     */
    public synchronized Rotated rotate(Ledger ledger, String actor, String requestId) {
        String old = issuer().currentKeyId();
        String next = TokenKeys.newKeyId();
        try {
            ledger.append(new LedgerEvent.KeyRotated("token", old, next), actor, requestId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        TokenKeys.rotate(dataDir, policy.lifetime().plus(policy.clockSkew()), clock.instant(), next);
        state = load();
        return new Rotated(old, next);
    }

    /**
     * A key rotation's outcome.
     *
     * @param oldKeyId the retired key
     * @param newKeyId the key that signs from now on
     */
    public record Rotated(String oldKeyId, String newKeyId) {
    }

    private State fresh() {
        Instant now = clock.instant();
        if (now.isAfter(lastLook.plus(RELOAD_EVERY))) {
            lastLook = now;
            State current = state;
            if (!modified().equals(current.modified()) || !now.isBefore(current.nextExpiry())) {
                state = load();
            }
        }
        return state;
    }

    private State load() {
        FileTime modified = modified();
        TokenKeys keys = TokenKeys.loadOrCreate(dataDir, clock.instant());
        TokenIssuer issuer = new TokenIssuer(policy, keys.current(), keys.previous());
        return new State(issuer, new AccessTokenVerifier(policy, issuer.publicJwks(), clock), modified, keys.nextExpiry());
    }

    private FileTime modified() {
        try {
            Path file = TokenKeys.file(dataDir);
            return Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
