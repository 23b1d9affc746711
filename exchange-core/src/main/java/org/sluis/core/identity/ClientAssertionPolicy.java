package org.sluis.core.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * What the exchange accepts in a client assertion: the audiences that name it, and how long and how skewed it may be.
 *
 * @param issuer the exchange's issuer URL; an accepted {@code aud} value
 * @param tokenEndpoint the token endpoint URL; the other accepted {@code aud} value (RFC 7523 §3 point 3)
 * @param maxLifetime the longest {@code exp - iat} accepted; at most 5 minutes (DESIGN.md, "Participants and identity")
 * @param clockSkew how far the client's clock may be off from ours; at most 5 minutes
 */
public record ClientAssertionPolicy(String issuer, String tokenEndpoint, Duration maxLifetime, Duration clockSkew) {

    /** The longest assertion lifetime the exchange will ever accept. */
    public static final Duration LONGEST_LIFETIME = Duration.ofMinutes(5);
    /** The largest clock skew that may be configured. */
    public static final Duration LARGEST_SKEW = Duration.ofMinutes(5);

    /**
     * Validates the URLs and durations.
     *
     * @param issuer see the record component
     * @param tokenEndpoint see the record component
     * @param maxLifetime see the record component
     * @param clockSkew see the record component
     */
    public ClientAssertionPolicy {
        HttpUrls.requireAbsolute("issuer", issuer);
        HttpUrls.requireAbsolute("tokenEndpoint", tokenEndpoint);
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (maxLifetime.compareTo(Duration.ofSeconds(1)) < 0 || maxLifetime.compareTo(LONGEST_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "expected maxLifetime between PT1S and " + LONGEST_LIFETIME + ", found " + maxLifetime);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(LARGEST_SKEW) > 0) {
            throw new IllegalArgumentException("expected clockSkew between PT0S and " + LARGEST_SKEW + ", found " + clockSkew);
        }
    }

    /**
     * The standard policy: assertions live at most 5 minutes and clocks may differ by 30 seconds.
     *
     * @param issuer the exchange's issuer URL
     * @param tokenEndpoint the token endpoint URL
     * @return the policy
     */
    public static ClientAssertionPolicy standard(String issuer, String tokenEndpoint) {
        return new ClientAssertionPolicy(issuer, tokenEndpoint, LONGEST_LIFETIME, Duration.ofSeconds(30));
    }
}
