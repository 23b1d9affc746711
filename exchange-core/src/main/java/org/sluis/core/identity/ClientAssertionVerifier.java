package org.sluis.core.identity;

import static org.sluis.core.identity.CompactJws.quote;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies an OAuth 2.0 {@code private_key_jwt} client assertion (RFC 7523 §2.2 and §3, as iSHARE uses it) and says
 * which participant it authenticates.
 *
 * <p>Checks run cheapest and least trusting first, and every one must pass:
 * <ol>
 *   <li>Form: a compact JWS of at most {@value #MAX_ASSERTION_LENGTH} characters; unsecured ({@code alg: none}) and
 *       encrypted tokens are refused ({@link CompactJws}).
 *   <li>Header: {@code alg} is ES256, RS256 or PS256 — never HMAC, so the public key can never be used as a MAC secret
 *       (RFC 8725 §2.1, §3.1). Only {@code alg}, {@code typ}, {@code kid}, {@code x5c}, {@code x5t} and
 *       {@code x5t#S256} may appear: {@code jwk}, {@code jku} and {@code x5u} name key sources this verifier never uses,
 *       so they are refused rather than silently ignored, as are {@code crit}, {@code b64} and {@code cty}.
 *       {@code typ}, if present, is {@code JWT} or {@code client-authentication+jwt}.
 *   <li>Certificate: {@code x5c} is required; the chain is validated by the {@link ChainValidator} at the current
 *       instant, and the participant it names must be the {@code client_id}.
 *   <li>Key: the leaf certificate's key must fit the algorithm — EC P-256 for ES256, RSA of at least
 *       {@value #MIN_RSA_BITS} bits for RS256/PS256 — and the signature is verified with that key and no other.
 *   <li>Claims (RFC 7523 §3): {@code iss} = {@code sub} = {@code client_id}; {@code aud} contains the issuer or token
 *       endpoint URL; {@code exp} and {@code iat} present, {@code exp} not past and {@code iat} not in the future
 *       (allowing the configured skew), {@code exp - iat} at most the configured lifetime; {@code nbf}, if present,
 *       reached; {@code jti} present, at most {@value #MAX_JTI_LENGTH} characters.
 *   <li>Standing: the participant is registered, its registered certificate is the one presented (so an older or
 *       other certificate naming the same participant does not authenticate), and its status is {@code ACTIVE}.
 *   <li>Replay: the {@code jti} is recorded with the {@link JtiRegistry} last, so a refused assertion never burns
 *       its {@code jti}; it is kept until {@code exp} plus the skew, the last instant the assertion could pass.
 * </ol>
 *
 * <p>Every failed check throws {@link TokenRequestException}: {@code invalid_request} for a missing parameter,
 * {@code unauthorized_client} for a suspended or revoked participant, and otherwise {@code invalid_client}, as
 * RFC 7523 §3.2 requires for an invalid assertion. Instances are immutable and thread-safe.
 */
public final class ClientAssertionVerifier {

    /** Longest assertion accepted, checked before any decoding; an x5c chain of a few RSA certificates fits easily. */
    static final int MAX_ASSERTION_LENGTH = 32 * 1024;
    /** Most certificates accepted in {@code x5c}. */
    static final int MAX_CHAIN_LENGTH = 8;
    /** Longest {@code jti} accepted. */
    static final int MAX_JTI_LENGTH = 256;
    /** Longest {@code client_id} accepted. */
    static final int MAX_CLIENT_ID_LENGTH = 256;
    /** Smallest RSA modulus accepted, as RFC 7518 §3.3 requires. */
    static final int MIN_RSA_BITS = 2048;

    private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS =
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);
    private static final Set<String> ACCEPTED_HEADER_PARAMETERS = Set.of("alg", "typ", "kid", "x5c", "x5t", "x5t#S256");
    private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "client-authentication+jwt");
    private static final String ACTIVE = "ACTIVE";

    private final ChainValidator chains;
    private final JtiRegistry jtis;
    private final ParticipantDirectory participants;
    private final Clock clock;
    private final ClientAssertionPolicy policy;

    /**
     * Creates a verifier.
     *
     * @param chains validates the {@code x5c} chain against the exchange's trust anchors
     * @param jtis remembers used {@code jti} values across all exchange instances
     * @param participants the participants' current standing
     * @param clock the exchange's clock
     * @param policy the accepted audiences, lifetime and clock skew
     */
    public ClientAssertionVerifier(ChainValidator chains, JtiRegistry jtis, ParticipantDirectory participants,
            Clock clock, ClientAssertionPolicy policy) {
        this.chains = Objects.requireNonNull(chains, "chains");
        this.jtis = Objects.requireNonNull(jtis, "jtis");
        this.participants = Objects.requireNonNull(participants, "participants");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Verifies a client assertion and, if every check passes, records its {@code jti}.
     *
     * @param clientId the {@code client_id} request parameter
     * @param assertion the {@code client_assertion} request parameter, a compact JWS
     * @return the authenticated participant, its roles and the fingerprint of the certificate it used
     * @throws TokenRequestException if the request or the assertion is refused; nothing is recorded then
     */
    public VerifiedClient verify(String clientId, String assertion) {
        requireParameter("client_id", clientId, MAX_CLIENT_ID_LENGTH);
        requireParameter("client_assertion", assertion, Integer.MAX_VALUE);
        Instant now = clock.instant();

        SignedJWT jwt = parse(assertion);
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = checkHeader(header);
        X509Certificate leaf = checkCertificateChain(header, clientId, now);
        checkSignature(jwt, algorithm, leaf.getPublicKey());

        JWTClaimsSet claims = claims(jwt);
        checkIssuerAndSubject(claims, clientId);
        checkAudience(claims);
        Instant expiresAt = checkTimes(claims, now);
        String jti = checkJti(claims);
        String fingerprint = CertificateFingerprints.sha256Hex(leaf);
        ParticipantStanding standing = checkStanding(clientId, fingerprint);

        if (!jtis.firstUse(clientId, jti, expiresAt.plus(policy.clockSkew()))) {
            throw invalidClient("expected a jti this client has not used before, found one already used: the assertion is a replay");
        }
        return new VerifiedClient(clientId, standing.roles(), fingerprint);
    }

    private static void requireParameter(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new TokenRequestException(TokenError.INVALID_REQUEST, "expected a " + name + " parameter, found none");
        }
        if (value.length() > maxLength) {
            throw new TokenRequestException(TokenError.INVALID_REQUEST,
                    "expected a " + name + " of at most " + maxLength + " characters, found " + value.length());
        }
    }

    private static SignedJWT parse(String assertion) {
        try {
            return CompactJws.parse(assertion, MAX_ASSERTION_LENGTH);
        } catch (JwtRejectedException e) {
            throw invalidClient("client assertion: " + e.getMessage());
        }
    }

    private static JWSAlgorithm checkHeader(JWSHeader header) {
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!ACCEPTED_ALGORITHMS.contains(algorithm)) {
            throw invalidClient("expected alg ES256, RS256 or PS256, found " + quote(algorithm));
        }
        Set<String> unexpected = new TreeSet<>(header.getIncludedParams());
        unexpected.removeAll(ACCEPTED_HEADER_PARAMETERS);
        if (!unexpected.isEmpty()) {
            throw invalidClient("expected only the header parameters alg, typ, kid, x5c, x5t and x5t#S256"
                    + " (the key comes from the x5c certificate alone), found " + quote(String.join(", ", unexpected)));
        }
        JOSEObjectType type = header.getType();
        if (type != null && !ACCEPTED_TYPES.contains(mediaType(type.getType()))) {
            throw invalidClient("expected typ JWT or client-authentication+jwt, found " + quote(type.getType()));
        }
        return algorithm;
    }

    /** RFC 7515 §4.1.9: the "application/" prefix may be omitted and media types compare case-insensitively. */
    private static String mediaType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    private X509Certificate checkCertificateChain(JWSHeader header, String clientId, Instant now) {
        List<X509Certificate> presented = certificates(header.getX509CertChain());
        ValidatedChain chain;
        try {
            chain = chains.validate(presented, now);
        } catch (UntrustedCertificateException e) {
            throw invalidClient("expected an x5c chain to a trusted anchor, valid now; found one that is not: " + e.getMessage());
        }
        if (!presented.get(0).equals(chain.leaf())) {
            throw invalidClient("expected the first x5c certificate to be the validated leaf, found another");
        }
        if (!clientId.equals(chain.participantId())) {
            throw invalidClient("expected a certificate naming the client_id " + quote(clientId)
                    + ", found one naming " + quote(chain.participantId()));
        }
        return chain.leaf();
    }

    /** RFC 7515 §4.1.6: each x5c entry is standard base64 (not base64url) of exactly one DER certificate. */
    private static List<X509Certificate> certificates(List<Base64> x5c) {
        if (x5c == null || x5c.isEmpty()) {
            throw invalidClient("expected an x5c header with the client's certificate chain, found none");
        }
        if (x5c.size() > MAX_CHAIN_LENGTH) {
            throw invalidClient("expected at most " + MAX_CHAIN_LENGTH + " certificates in x5c, found " + x5c.size());
        }
        List<X509Certificate> certificates = new ArrayList<>(x5c.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < x5c.size(); i++) {
                byte[] der = java.util.Base64.getDecoder().decode(x5c.get(i).toString());
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                if (!Arrays.equals(certificate.getEncoded(), der)) {
                    throw invalidClient("expected x5c[" + i + "] to hold exactly one DER certificate, found trailing bytes");
                }
                certificates.add(certificate);
            }
        } catch (IllegalArgumentException | CertificateException e) {
            throw invalidClient("expected x5c to hold base64 DER X.509 certificates, found one that does not parse");
        }
        return certificates;
    }

    private static void checkSignature(SignedJWT jwt, JWSAlgorithm algorithm, PublicKey key) {
        JWSVerifier verifier;
        try {
            if (JWSAlgorithm.ES256.equals(algorithm) && key instanceof ECPublicKey ec
                    && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                verifier = new ECDSAVerifier(ec);
            } else if (!JWSAlgorithm.ES256.equals(algorithm) && key instanceof RSAPublicKey rsa
                    && rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
                verifier = new RSASSAVerifier(rsa);
            } else {
                String expected = JWSAlgorithm.ES256.equals(algorithm)
                        ? "an EC P-256 key" : "an RSA key of at least " + MIN_RSA_BITS + " bits";
                throw invalidClient("expected " + expected + " in the certificate for alg " + algorithm
                        + ", found " + describe(key));
            }
            if (jwt.verify(verifier)) {
                return;
            }
        } catch (JOSEException e) {
            // Nimbus refuses malformed signatures by exception rather than by false; both mean the same here.
        }
        throw invalidClient("expected a signature made with the key of the x5c leaf certificate, found one that does not verify");
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "an RSA key of " + rsa.getModulus().bitLength() + " bits";
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            return "an EC key on curve " + (curve == null ? "unknown" : curve.getName());
        }
        return "a key of type " + key.getAlgorithm();
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalidClient("expected the payload to be a JSON object of JWT claims, found one that does not parse");
        }
    }

    private static void checkIssuerAndSubject(JWTClaimsSet claims, String clientId) {
        Object issuer = claims.getClaim("iss");
        if (!clientId.equals(issuer)) {
            throw invalidClient("expected iss to equal the client_id " + quote(clientId) + ", found " + quote(issuer));
        }
        Object subject = claims.getClaim("sub");
        if (!clientId.equals(subject)) {
            throw invalidClient("expected sub to equal iss and the client_id " + quote(clientId) + ", found " + quote(subject));
        }
    }

    private void checkAudience(JWTClaimsSet claims) {
        Object audience = claims.getClaim("aud");
        List<?> values = audience instanceof List<?> list ? list : audience == null ? List.of() : List.of(audience);
        if (!values.contains(policy.issuer()) && !values.contains(policy.tokenEndpoint())) {
            throw invalidClient("expected aud to contain " + quote(policy.issuer()) + " or " + quote(policy.tokenEndpoint())
                    + ", found " + quote(audience));
        }
    }

    private Instant checkTimes(JWTClaimsSet claims, Instant now) {
        try {
            return ClaimTimes.check(claims, now, policy.clockSkew(), policy.maxLifetime(), "assertion");
        } catch (JwtRejectedException e) {
            throw invalidClient(e.getMessage());
        }
    }

    private static String checkJti(JWTClaimsSet claims) {
        Object jti = claims.getClaim("jti");
        if (!(jti instanceof String value) || value.isBlank()) {
            throw invalidClient("expected a non-empty jti string, found " + (jti == null ? "none" : "an empty or non-string one"));
        }
        if (value.length() > MAX_JTI_LENGTH) {
            throw invalidClient("expected a jti of at most " + MAX_JTI_LENGTH + " characters, found " + value.length());
        }
        return value;
    }

    /** Authentication (is this the registered certificate?) comes before authorisation (may it get tokens?). */
    private ParticipantStanding checkStanding(String clientId, String fingerprint) {
        ParticipantStanding standing = participants.find(clientId).orElseThrow(
                () -> invalidClient("expected a registered participant " + quote(clientId) + ", found none"));
        String registered = standing.certificateSha256Hex();
        if (registered == null || !registered.equalsIgnoreCase(fingerprint)) {
            throw invalidClient("expected the certificate registered for " + quote(clientId) + " (sha256 "
                    + (registered == null ? "none" : registered.toLowerCase(Locale.ROOT)) + "), found another (sha256 "
                    + fingerprint + ")");
        }
        if (!ACTIVE.equals(standing.status())) {
            throw new TokenRequestException(TokenError.UNAUTHORIZED_CLIENT,
                    "expected participant " + quote(clientId) + " to be ACTIVE, found " + quote(standing.status()));
        }
        return standing;
    }

    private static TokenRequestException invalidClient(String description) {
        return new TokenRequestException(TokenError.INVALID_CLIENT, description);
    }
}
