package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.AssertionMinter.b64;
import static org.sluis.core.identity.Fixtures.NOW;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccessTokenVerifierTest {

    private static final ECKey CURRENT = TokenIssuer.generateKey("token-2026-05");
    private static final ECKey PREVIOUS = TokenIssuer.generateKey("token-2026-04");
    private static final VerifiedClient CLIENT = new VerifiedClient("EU.EORI.NL000000001", Set.of("CONSUMER"), "a".repeat(64));

    private final TokenIssuer issuer = new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(PREVIOUS));
    private final AccessTokenVerifier verifier = verifierAt(NOW);

    private AccessTokenVerifier verifierAt(Instant now) {
        return new AccessTokenVerifier(Fixtures.tokenPolicy(), issuer.publicJwks(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static InvalidTokenException assertInvalid(String fragment, AccessTokenVerifier verifier, String token) {
        InvalidTokenException refusal = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
        assertTrue(refusal.reason().contains(fragment),
                () -> "expected the reason to contain '" + fragment + "', found: " + refusal.reason());
        return refusal;
    }

    private InvalidTokenException assertInvalid(String fragment, String token) {
        return assertInvalid(fragment, verifier, token);
    }

    /** The claims TokenIssuer would write for CLIENT at NOW, for tests that must sign variations by hand. */
    private static JWTClaimsSet.Builder tokenClaims() {
        return new JWTClaimsSet.Builder().issuer(Fixtures.ISSUER).subject(CLIENT.participantId()).audience(Fixtures.API)
                .claim("client_id", CLIENT.participantId()).issueTime(Date.from(NOW)).notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).jwtID("jti-1").claim("roles", List.of("CONSUMER"));
    }

    private static JWSHeader.Builder tokenHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(CURRENT.getKeyID());
    }

    private static String signWithCurrentKey(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new ECDSASigner(CURRENT));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Verify {

        @Test
        void accepts_a_token_the_exchange_issued_and_says_whom_it_speaks_for() throws ParseException {
            String token = issuer.issue(CLIENT, NOW);
            AccessToken verified = verifier.verify(token);
            assertEquals(new AccessToken(CLIENT.participantId(), Set.of("CONSUMER"), NOW.plus(Duration.ofMinutes(5)),
                    SignedJWT.parse(token).getJWTClaimsSet().getJWTID()), verified);
        }

        @Test
        void accepts_a_token_signed_by_a_previous_key_while_it_is_published() {
            String oldToken = new TokenIssuer(Fixtures.tokenPolicy(), PREVIOUS, List.of()).issue(CLIENT, NOW);
            assertEquals(CLIENT.participantId(), verifier.verify(oldToken).participantId());
        }

        @Test
        void refuses_a_token_signed_by_a_previous_key_once_it_is_no_longer_published() {
            String oldToken = new TokenIssuer(Fixtures.tokenPolicy(), PREVIOUS, List.of()).issue(CLIENT, NOW);
            JWKSet currentOnly = new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of()).publicJwks();
            assertInvalid("expected the kid of a published exchange key, found 'token-2026-04'",
                    new AccessTokenVerifier(Fixtures.tokenPolicy(), currentOnly, Fixtures.CLOCK), oldToken);
        }

        @Test
        void accepts_a_token_within_the_clock_skew_after_it_expired() {
            String token = issuer.issue(CLIENT, NOW);
            verifierAt(NOW.plus(Duration.ofMinutes(5)).plusSeconds(29)).verify(token);
        }

        @Test
        void refuses_an_expired_token() {
            String token = issuer.issue(CLIENT, NOW);
            assertInvalid("the token has expired", verifierAt(NOW.plus(Duration.ofMinutes(5)).plusSeconds(30)), token);
        }

        @Test
        void refuses_a_token_issued_in_the_future() {
            assertInvalid("the token was issued in the future", issuer.issue(CLIENT, NOW.plusSeconds(31)));
        }

        @Test
        void refuses_a_token_from_another_issuer_whose_key_reuses_our_kid() {
            TokenIssuer impostor = new TokenIssuer(Fixtures.tokenPolicy(), TokenIssuer.generateKey("token-2026-05"), List.of());
            assertInvalid("expected a signature by exchange key 'token-2026-05', found one that does not verify",
                    impostor.issue(CLIENT, NOW));
        }

        @Test
        void refuses_a_token_from_another_issuer_with_its_own_kid() {
            TokenIssuer other = new TokenIssuer(Fixtures.tokenPolicy(), TokenIssuer.generateKey("elsewhere-1"), List.of());
            assertInvalid("found 'elsewhere-1'", other.issue(CLIENT, NOW));
        }

        @Test
        void refuses_a_token_whose_payload_was_changed() {
            String token = issuer.issue(CLIENT, NOW);
            String elevated = AssertionMinter.withPayload(token, tokenClaims().claim("roles", List.of("OPERATOR")).build());
            assertInvalid("does not verify", elevated);
        }

        @Test
        void refuses_alg_none() {
            assertInvalid("alg none", b64("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"token-2026-05\"}") + "."
                    + b64(tokenClaims().build().toString()) + ".");
        }

        @Test
        void refuses_HS256_keyed_with_the_published_JWK() {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                    .keyID(CURRENT.getKeyID()).build();
            byte[] jwkAsSecret = issuer.publicJwks().getKeyByKeyId(CURRENT.getKeyID()).toJSONString().getBytes(StandardCharsets.UTF_8);
            assertInvalid("expected alg ES256, found 'HS256'", AssertionMinter.signHmac(header, tokenClaims().build(), jwkAsSecret));
        }

        @Test
        void refuses_HS256_keyed_with_the_DER_bytes_of_the_published_key() throws JOSEException {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                    .keyID(CURRENT.getKeyID()).build();
            byte[] der = CURRENT.toECPublicKey().getEncoded();
            assertInvalid("expected alg ES256, found 'HS256'", AssertionMinter.signHmac(header, tokenClaims().build(), der));
        }

        @Test
        void refuses_an_unknown_kid() {
            assertInvalid("found 'token-1999'", signWithCurrentKey(tokenHeader().keyID("token-1999").build(), tokenClaims().build()));
        }

        @Test
        void refuses_a_token_without_a_kid() {
            assertInvalid("found none", signWithCurrentKey(tokenHeader().keyID(null).build(), tokenClaims().build()));
        }

        @Test
        void refuses_a_wrong_audience() {
            AccessTokenPolicy otherApi = AccessTokenPolicy.standard("https://other-exchange.test");
            AccessTokenPolicy sameIssuerOtherAudience = new AccessTokenPolicy(Fixtures.ISSUER, otherApi.audience(),
                    otherApi.lifetime(), otherApi.clockSkew());
            String token = new TokenIssuer(sameIssuerOtherAudience, CURRENT, List.of()).issue(CLIENT, NOW);
            assertInvalid("expected aud to be exactly 'https://exchange.sluis.test/v1', found '[https://other-exchange.test/v1]'", token);
        }

        @Test
        void refuses_an_audience_array_with_a_second_member() {
            assertInvalid("expected aud to be exactly", signWithCurrentKey(tokenHeader().build(),
                    tokenClaims().audience(List.of(Fixtures.API, "https://elsewhere.test")).build()));
        }

        @Test
        void refuses_a_wrong_issuer_even_with_our_key() {
            String token = new TokenIssuer(AccessTokenPolicy.standard("https://other-exchange.test"), CURRENT, List.of())
                    .issue(CLIENT, NOW);
            assertInvalid("expected iss 'https://exchange.sluis.test', found 'https://other-exchange.test'", token);
        }

        @Test
        void refuses_a_JWT_of_another_type_signed_with_our_key() {
            assertInvalid("expected typ at+jwt, found 'JWT'",
                    signWithCurrentKey(tokenHeader().type(JOSEObjectType.JWT).build(), tokenClaims().build()));
        }

        @Test
        void refuses_an_embedded_jwk_header() {
            JWSHeader header = tokenHeader().jwk(CURRENT.toPublicJWK()).build();
            assertInvalid("found 'jwk'", signWithCurrentKey(header, tokenClaims().build()));
        }

        @Test
        void refuses_a_lifetime_longer_than_the_policy_allows() {
            assertInvalid("at most PT5M", signWithCurrentKey(tokenHeader().build(),
                    tokenClaims().expirationTime(Date.from(NOW.plus(Duration.ofHours(1)))).build()));
        }

        @Test
        void refuses_a_client_id_other_than_the_subject() {
            assertInvalid("expected client_id to equal sub", signWithCurrentKey(tokenHeader().build(),
                    tokenClaims().claim("client_id", "EU.EORI.NL000000002").build()));
        }

        @Test
        void refuses_a_token_without_roles() {
            assertInvalid("expected a roles array, found none", signWithCurrentKey(tokenHeader().build(),
                    tokenClaims().claim("roles", null).build()));
        }

        @Test
        void refuses_a_blank_bearer() {
            assertInvalid("expected a bearer token, found none", "");
        }

        @Test
        void gives_a_reason_that_does_not_echo_the_token() {
            String forged = AssertionMinter.withFlippedSignatureBit(issuer.issue(CLIENT, NOW));
            String reason = assertInvalid("does not verify", forged).reason();
            for (String part : forged.split("\\.")) {
                assertFalse(reason.contains(part));
            }
        }
    }

    @Nested
    class Remembered {
        /** A clock the test moves. */
        final Instant[] at = {NOW};
        final AccessTokenVerifier moving = new AccessTokenVerifier(Fixtures.tokenPolicy(), issuer.publicJwks(), new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return at[0];
            }
        });

        @Test
        void a_verified_token_verifies_again_with_the_same_result_until_it_expires_then_is_refused() {
            String token = issuer.issue(CLIENT, NOW);
            AccessToken first = moving.verify(token);
            at[0] = NOW.plus(Duration.ofMinutes(4));
            assertEquals(first, moving.verify(token));
            at[0] = NOW.plus(Duration.ofMinutes(5)).plus(Fixtures.tokenPolicy().clockSkew());
            assertInvalid("the token has expired", moving, token);
            assertInvalid("the token has expired", moving, token); // forgotten, and refused afresh
        }

        @Test
        void a_refused_token_is_not_remembered_and_a_tampered_copy_of_a_remembered_one_is_refused() {
            String token = issuer.issue(CLIENT, NOW);
            moving.verify(token);
            String[] parts = token.split("\\.");
            String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
            assertInvalid("does not verify", moving, tampered);
            assertInvalid("does not verify", moving, tampered);
        }
    }

    @Nested
    class Construct {

        @Test
        void refuses_a_key_set_without_an_ES256_key() {
            RSAKey rsa = new RSAKey.Builder((RSAPublicKey) Fixtures.RSA_CLIENT.keys().getPublic()).keyID("rsa-1").build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new AccessTokenVerifier(Fixtures.tokenPolicy(), new JWKSet(rsa), Fixtures.CLOCK));
            assertTrue(e.getMessage().contains("found none among 1 key(s)"), e.getMessage());
        }

        @Test
        void skips_keys_that_cannot_verify_ES256_and_uses_the_rest() {
            RSAKey rsa = new RSAKey.Builder((RSAPublicKey) Fixtures.RSA_CLIENT.keys().getPublic()).keyID("rsa-1").build();
            JWKSet mixed = new JWKSet(List.<JWK>of(rsa, CURRENT.toPublicJWK()));
            AccessTokenVerifier lenient = new AccessTokenVerifier(Fixtures.tokenPolicy(), mixed, Fixtures.CLOCK);
            assertEquals(CLIENT.participantId(), lenient.verify(issuer.issue(CLIENT, NOW)).participantId());
        }
    }
}
