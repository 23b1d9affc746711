package org.sluis.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issues the exchange's access tokens: JWTs per RFC 9068 ({@code typ at+jwt}), signed ES256 with the current token key.
 *
 * <p>Older keys stay in {@link #publicJwks()} after a rotation so tokens they signed keep verifying until those
 * tokens expire; only the current key signs. Claims: {@code iss}, {@code sub} = {@code client_id} = the participant
 * (RFC 9068 §2.2: for {@code client_credentials} the subject is the client), {@code aud}, {@code iat}, {@code nbf},
 * {@code exp}, a random 128-bit {@code jti}, and {@code roles} (RFC 9068 §2.2.3.1). Instances are immutable and
 * thread-safe.
 */
public final class TokenIssuer {

    /** The RFC 9068 §2.1 {@code typ} of an access token. */
    public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessTokenPolicy policy;
    private final String currentKeyId;
    private final JWSSigner signer;
    private final JWKSet published;

    /**
     * Creates an issuer.
     *
     * @param policy issuer, audience and lifetime of the tokens
     * @param current the signing key: private, P-256, with a {@code kid}, {@code use=sig} and {@code alg=ES256}
     * @param previous retired keys still published for verification; P-256 with distinct {@code kid}s (only their
     *     public parts are ever published)
     */
    public TokenIssuer(AccessTokenPolicy policy, ECKey current, List<ECKey> previous) {
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        requireTokenKey(current, "current");
        if (!current.isPrivate()) {
            throw new IllegalArgumentException("expected the current key " + current.getKeyID()
                    + " to hold its private part, found a public key only");
        }
        if (!KeyUse.SIGNATURE.equals(current.getKeyUse()) || !JWSAlgorithm.ES256.equals(current.getAlgorithm())) {
            throw new IllegalArgumentException("expected the current key to declare use=sig and alg=ES256, found use="
                    + current.getKeyUse() + " and alg=" + current.getAlgorithm());
        }
        Set<String> kids = new HashSet<>();
        kids.add(current.getKeyID());
        List<JWK> keys = new ArrayList<>();
        keys.add(current.toPublicJWK());
        for (ECKey key : previous) {
            requireTokenKey(Objects.requireNonNull(key, "previous key"), "previous");
            if (!kids.add(key.getKeyID())) {
                throw new IllegalArgumentException("expected distinct key ids, found " + key.getKeyID() + " twice");
            }
            keys.add(key.toPublicJWK());
        }
        this.currentKeyId = current.getKeyID();
        this.published = new JWKSet(keys);
        try {
            this.signer = new ECDSASigner(current);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("expected a usable EC signing key, found one the JCA refuses", e);
        }
    }

    private static void requireTokenKey(ECKey key, String role) {
        if (key.getKeyID() == null || key.getKeyID().isBlank()) {
            throw new IllegalArgumentException("expected the " + role + " key to have a kid, found none");
        }
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException("expected the " + role + " key " + key.getKeyID() + " on curve P-256, found "
                    + key.getCurve());
        }
    }

    /**
     * Issues an access token for a client that authenticated.
     *
     * @param client the verified client
     * @param now the issue instant; truncated to whole seconds, as JWT NumericDates are
     * @return the token, a compact JWS
     */
    public String issue(VerifiedClient client, Instant now) {
        Objects.requireNonNull(client, "client");
        Instant issuedAt = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(policy.issuer())
                .subject(client.participantId())
                .audience(policy.audience())
                .claim("client_id", client.participantId())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(policy.lifetime())))
                .jwtID(randomId())
                .claim("roles", List.copyOf(new TreeSet<>(client.roles())))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(ACCESS_TOKEN_TYPE)
                .keyID(currentKeyId)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("expected to sign with token key " + currentKeyId + ", found the JCA failing", e);
        }
        return jwt.serialize();
    }

    /**
     * Returns the public token keys to publish at the JWKS endpoint: the current key first, then the retired ones.
     *
     * @return the public keys; never holds a private part
     */
    public JWKSet publicJwks() {
        return published;
    }

    /**
     * Returns the id of the key that signs new tokens.
     *
     * @return the current key's {@code kid}
     */
    public String currentKeyId() {
        return currentKeyId;
    }

    /**
     * Generates a new token signing key.
     *
     * @param kid the key id to publish it under
     * @return a P-256 key pair with the given {@code kid}, {@code use=sig} and {@code alg=ES256}
     */
    public static ECKey generateKey(String kid) {
        Objects.requireNonNull(kid, "kid");
        if (kid.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank kid, found a blank one");
        }
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("expected the JCA to generate a P-256 key, found it failing", e);
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }
}
