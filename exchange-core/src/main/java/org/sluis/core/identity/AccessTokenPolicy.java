package org.sluis.core.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape of the exchange's access tokens, shared by {@link TokenIssuer} and {@link AccessTokenVerifier}.
 *
 * @param issuer the {@code iss} of every token: the exchange's issuer URL
 * @param audience the {@code aud} of every token: the exchange API base URL
 * @param lifetime how long a token is valid, between 1 second and 1 hour
 * @param clockSkew how far the clocks of exchange instances may differ, at most 5 minutes
 */
public record AccessTokenPolicy(String issuer, String audience, Duration lifetime, Duration clockSkew) {

    /** Tokens are short-lived by design; a longer setting is a configuration mistake. */
    public static final Duration LONGEST_LIFETIME = Duration.ofHours(1);

    /**
     * Validates the URLs and durations.
     *
     * @param issuer see the record component
     * @param audience see the record component
     * @param lifetime see the record component
     * @param clockSkew see the record component
     */
    public AccessTokenPolicy {
        HttpUrls.requireAbsolute("issuer", issuer);
        HttpUrls.requireAbsolute("audience", audience);
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(LONGEST_LIFETIME) > 0) {
            throw new IllegalArgumentException("expected lifetime between PT1S and " + LONGEST_LIFETIME + ", found " + lifetime);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("expected clockSkew between PT0S and PT5M, found " + clockSkew);
        }
    }

    /**
     * The standard policy: audience {@code issuer + "/v1"}, 5 minute tokens, 30 seconds of clock skew.
     *
     * @param issuer the exchange's issuer URL
     * @return the policy
     */
    public static AccessTokenPolicy standard(String issuer) {
        return new AccessTokenPolicy(issuer, issuer + "/v1", Duration.ofMinutes(5), Duration.ofSeconds(30));
    }
}
