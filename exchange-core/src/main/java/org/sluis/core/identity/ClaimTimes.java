package org.sluis.core.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The time checks every JWT the exchange accepts must pass (RFC 7519 §4.1.4-§4.1.6, RFC 7523 §3 points 4-6).
 *
 * <p>{@code exp} and {@code iat} are required: Nimbus's {@code DefaultJWTClaimsVerifier} only checks {@code exp} when
 * it is present, so a token without one would otherwise never expire. The lifetime bound ({@code exp - iat}) stops a
 * leaked signing key, or a careless client, from minting long-lived tokens.
 */
final class ClaimTimes {

    private ClaimTimes() {}

    /**
     * Checks {@code exp}, {@code iat} and, if present, {@code nbf} against {@code now}.
     *
     * @param claims the verified token's claims; Nimbus has already turned the date claims into {@link Date}s
     * @param now the current instant
     * @param skew how far the signer's clock may be off from ours
     * @param maxLifetime the longest {@code exp - iat} accepted
     * @param noun what the token is, for messages ("assertion", "token")
     * @return the token's {@code exp}
     * @throws JwtRejectedException if a claim is missing, the token has expired, was issued in the future, lives too
     *     long or is not valid yet
     */
    static Instant check(JWTClaimsSet claims, Instant now, Duration skew, Duration maxLifetime, String noun)
            throws JwtRejectedException {
        Instant expiresAt = required(claims, "exp");
        Instant issuedAt = required(claims, "iat");
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw new JwtRejectedException("expected exp after " + now.minus(skew) + " (now less the clock skew), found "
                    + expiresAt + ": the " + noun + " has expired");
        }
        if (issuedAt.isAfter(now.plus(skew))) {
            throw new JwtRejectedException("expected iat no later than " + now.plus(skew) + " (now plus the clock skew), found "
                    + issuedAt + ": the " + noun + " was issued in the future");
        }
        if (!expiresAt.isAfter(issuedAt) || Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            throw new JwtRejectedException("expected exp - iat above PT0S and at most " + maxLifetime + ", found "
                    + Duration.between(issuedAt, expiresAt));
        }
        if (claims.getClaim("nbf") != null) {
            Instant notBefore = required(claims, "nbf");
            if (notBefore.isAfter(now.plus(skew))) {
                throw new JwtRejectedException("expected nbf no later than " + now.plus(skew)
                        + " (now plus the clock skew), found " + notBefore + ": the " + noun + " is not valid yet");
            }
        }
        return expiresAt;
    }

    private static Instant required(JWTClaimsSet claims, String name) throws JwtRejectedException {
        Object value = claims.getClaim(name);
        if (!(value instanceof Date date)) {
            throw new JwtRejectedException("expected an " + name + " claim in seconds since the epoch, found "
                    + (value == null ? "none" : "another type"));
        }
        return date.toInstant();
    }
}
