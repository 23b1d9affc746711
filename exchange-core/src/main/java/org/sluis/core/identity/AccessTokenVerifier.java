package org.sluis.core.identity;

import static org.sluis.core.identity.CompactJws.quote;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies an access token the exchange issued ({@link TokenIssuer}), on every API request.
 *
 * <p>The algorithm is pinned to ES256 and the key is chosen by {@code kid} among the exchange's published keys only;
 * nothing in the token's header can pick another algorithm or key, so {@code alg: none}, HMAC signed with the public
 * key, and embedded {@code jwk}/{@code jku}/{@code x5c} keys are all refused. Header parameters other than
 * {@code alg}, {@code typ} and {@code kid} are refused outright, and {@code typ} must be {@code at+jwt} (RFC 9068 §4),
 * so another JWT signed by a shared key cannot pass as an access token. {@code iss} and {@code aud} must be exactly
 * the policy's. Participant status is not checked here: the HTTP layer does that with a cache, by
 * {@link AccessToken#participantId()}.
 *
 * <p>The keys are a snapshot taken at construction; after a rotation, wire a new verifier with the new JWKS.
 * Instances are thread-safe.
 *
 * <p><b>Verified tokens are remembered.</b> A client uses one token for up to its five-minute lifetime, and an ES256
 * verification costs the event loop about a millisecond of elliptic-curve arithmetic (three quarters of its time in a
 * small-pull load test). So a token that verified is remembered, keyed by its SHA-256 (a lookup by the token itself
 * would compare secrets in time that depends on them), until it expires: a later request with it only checks that it
 * has not expired meanwhile, exactly as the first check did. Nothing else about a token can change (its signature and
 * claims are fixed); what can change, the participant's standing, the HTTP layer checks on every request anyway. A
 * refused token is never remembered. At most {@value #MAX_REMEMBERED} tokens are kept; a full memory is emptied. A key
 * rotation builds a new verifier, so a retired key's tokens are verified afresh.
 */
public final class AccessTokenVerifier {

    /** Longest token accepted, checked before any decoding. */
    static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private static final Set<String> ACCEPTED_HEADER_PARAMETERS = Set.of("alg", "typ", "kid");

    /** The most verified tokens remembered: about 200 bytes each, a few thousand active clients. */
    static final int MAX_REMEMBERED = 8_192;

    private final Map<String, AccessToken> remembered = new ConcurrentHashMap<>();

    private final AccessTokenPolicy policy;
    private final Map<String, ECDSAVerifier> verifiersByKid;
    private final Clock clock;

    /**
     * Creates a verifier.
     *
     * @param policy the expected issuer and audience, the longest lifetime and the clock skew
     * @param publishedKeys the exchange's published token keys; keys that cannot verify ES256 (other curves or types,
     *     {@code use} other than {@code sig}, {@code alg} other than ES256, no {@code kid}) are skipped
     * @param clock the exchange's clock
     */
    public AccessTokenVerifier(AccessTokenPolicy policy, JWKSet publishedKeys, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, ECDSAVerifier> verifiers = new HashMap<>();
        for (JWK key : Objects.requireNonNull(publishedKeys, "publishedKeys").getKeys()) {
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || key.getKeyID() == null
                    || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))
                    || (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm()))) {
                continue;
            }
            try {
                if (verifiers.put(key.getKeyID(), new ECDSAVerifier(ec.toPublicJWK())) != null) {
                    throw new IllegalArgumentException("expected distinct key ids, found " + key.getKeyID() + " twice");
                }
            } catch (JOSEException e) {
                throw new IllegalArgumentException("expected key " + key.getKeyID() + " to be a usable P-256 key, found one"
                        + " the JCA refuses", e);
            }
        }
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("expected at least one P-256 ES256 signing key with a kid, found none among "
                    + publishedKeys.size() + " key(s)");
        }
        this.verifiersByKid = Map.copyOf(verifiers);
    }

    /**
     * Verifies a bearer token.
     *
     * @param bearer the token from the {@code Authorization: Bearer} header, without the scheme
     * @return who the token speaks for, with its roles, expiry and id
     * @throws InvalidTokenException if the token is refused; the reason never contains the token
     */
    public AccessToken verify(String bearer) {
        if (bearer == null || bearer.isBlank()) {
            throw new InvalidTokenException("expected a bearer token, found none");
        }
        Instant now = clock.instant();
        String digest = digest(bearer);
        AccessToken known = remembered.get(digest);
        if (known != null) {
            if (now.isBefore(known.expiresAt().plus(policy.clockSkew()))) {
                return known;
            }
            remembered.remove(digest);
            throw new InvalidTokenException("expected exp after " + now.minus(policy.clockSkew()) + " (now less the clock skew), found "
                    + known.expiresAt() + ": the token has expired");
        }
        AccessToken token = verifyAfresh(bearer, now);
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(digest, token);
        return token;
    }

    private AccessToken verifyAfresh(String bearer, Instant now) {
        SignedJWT jwt;
        try {
            jwt = CompactJws.parse(bearer, MAX_TOKEN_LENGTH);
        } catch (JwtRejectedException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        ECDSAVerifier verifier = checkHeader(jwt.getHeader());
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new InvalidTokenException("expected a signature by exchange key " + quote(jwt.getHeader().getKeyID())
                    + ", found one that does not verify");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("expected the payload to be a JSON object of JWT claims, found one that does not parse");
        }
        return checkClaims(claims, now);
    }

    /** The token's SHA-256, the key it is remembered under. */
    private static String digest(String bearer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bearer.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private ECDSAVerifier checkHeader(JWSHeader header) {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new InvalidTokenException("expected alg ES256, found " + quote(header.getAlgorithm()));
        }
        Set<String> unexpected = new TreeSet<>(header.getIncludedParams());
        unexpected.removeAll(ACCEPTED_HEADER_PARAMETERS);
        if (!unexpected.isEmpty()) {
            throw new InvalidTokenException("expected only the header parameters alg, typ and kid, found "
                    + quote(String.join(", ", unexpected)));
        }
        JOSEObjectType type = header.getType();
        String media = type == null ? null : type.getType().toLowerCase(Locale.ROOT);
        if (!"at+jwt".equals(media) && !"application/at+jwt".equals(media)) {
            throw new InvalidTokenException("expected typ at+jwt, found " + quote(type == null ? null : type.getType()));
        }
        String kid = header.getKeyID();
        ECDSAVerifier verifier = kid == null ? null : verifiersByKid.get(kid);
        if (verifier == null) {
            throw new InvalidTokenException("expected the kid of a published exchange key, found " + quote(kid));
        }
        return verifier;
    }

    private AccessToken checkClaims(JWTClaimsSet claims, Instant now) {
        Object issuer = claims.getClaim("iss");
        if (!policy.issuer().equals(issuer)) {
            throw new InvalidTokenException("expected iss " + quote(policy.issuer()) + ", found " + quote(issuer));
        }
        Object audience = claims.getClaim("aud");
        if (!policy.audience().equals(audience) && !List.of(policy.audience()).equals(audience)) {
            throw new InvalidTokenException("expected aud to be exactly " + quote(policy.audience()) + ", found " + quote(audience));
        }
        Instant expiresAt;
        try {
            expiresAt = ClaimTimes.check(claims, now, policy.clockSkew(), policy.lifetime(), "token");
        } catch (JwtRejectedException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        String subject = requiredString(claims, "sub");
        if (!subject.equals(claims.getClaim("client_id"))) {
            throw new InvalidTokenException("expected client_id to equal sub " + quote(subject) + ", found "
                    + quote(claims.getClaim("client_id")));
        }
        String jti = requiredString(claims, "jti");
        return new AccessToken(subject, roles(claims), expiresAt, jti);
    }

    private static String requiredString(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidTokenException("expected a non-empty " + name + " string, found "
                    + (value == null ? "none" : "an empty or non-string one"));
        }
        return text;
    }

    private static Set<String> roles(JWTClaimsSet claims) {
        Object value = claims.getClaim("roles");
        if (!(value instanceof List<?> list)) {
            throw new InvalidTokenException("expected a roles array, found " + (value == null ? "none" : "another type"));
        }
        Set<String> roles = new HashSet<>();
        for (Object role : list) {
            if (!(role instanceof String text)) {
                throw new InvalidTokenException("expected roles to hold strings only, found " + quote(role));
            }
            roles.add(text);
        }
        return roles;
    }
}
