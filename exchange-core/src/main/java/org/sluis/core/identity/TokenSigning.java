package org.sluis.core.identity;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The access-token issuer and verifier over the current token keys (a {@link KeyRing} of purpose
 * {@code token}), rebuilt whenever the keys change: after a rotation on any instance, and when a
 * retired key's last token has expired. Retired token keys stay published for the token lifetime
 * plus clock skew.
 */
public final class TokenSigning {
    private final KeyRing ring;
    private final AccessTokenPolicy policy;
    private final Clock clock;
    private volatile State state;

    private record State(SigningKeys keys, TokenIssuer issuer, AccessTokenVerifier verifier) {
    }

    /** Loads (or creates) the token keys in {@code dataDir}. */
    public TokenSigning(Path dataDir, AccessTokenPolicy policy, Clock clock) {
        this.ring = new KeyRing(dataDir, "token", policy.lifetime().plus(policy.clockSkew()), clock);
        this.policy = policy;
        this.clock = clock;
        this.state = build(ring.keys());
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

    /** The token keys, for rotation. */
    public KeyRing ring() {
        return ring;
    }

    private State fresh() {
        SigningKeys keys = ring.keys();
        State current = state;
        if (current.keys() != keys) {
            current = build(keys);
            state = current;
        }
        return current;
    }

    private State build(SigningKeys keys) {
        TokenIssuer issuer = new TokenIssuer(policy, keys.current(), keys.previous());
        return new State(keys, issuer, new AccessTokenVerifier(policy, issuer.publicJwks(), clock));
    }
}
