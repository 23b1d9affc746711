package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.Fixtures.NOW;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenIssuerTest {

    private static final ECKey CURRENT = TokenIssuer.generateKey("token-2026-05");
    private static final ECKey PREVIOUS = TokenIssuer.generateKey("token-2026-04");
    private static final VerifiedClient CLIENT = new VerifiedClient("EU.EORI.NL000000002", Set.of("PROVIDER", "CONSUMER"),
            "0".repeat(64));

    private static SignedJWT issued(TokenIssuer issuer) throws ParseException {
        return SignedJWT.parse(issuer.issue(CLIENT, NOW));
    }

    @Nested
    class Issue {

        private final TokenIssuer issuer = new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(PREVIOUS));

        @Test
        void signs_ES256_with_the_current_kid_and_typ_at_jwt() throws ParseException {
            SignedJWT token = issued(issuer);
            assertEquals(JWSAlgorithm.ES256, token.getHeader().getAlgorithm());
            assertEquals("token-2026-05", token.getHeader().getKeyID());
            assertEquals(new JOSEObjectType("at+jwt"), token.getHeader().getType());
            assertEquals(Set.of("alg", "kid", "typ"), token.getHeader().getIncludedParams());
        }

        @Test
        void carries_the_RFC_9068_claims_and_the_roles() throws ParseException {
            JWTClaimsSet claims = issued(issuer).getJWTClaimsSet();
            assertEquals(Fixtures.ISSUER, claims.getIssuer());
            assertEquals(CLIENT.participantId(), claims.getSubject());
            assertEquals(CLIENT.participantId(), claims.getStringClaim("client_id"));
            assertEquals(List.of(Fixtures.API), claims.getAudience());
            assertEquals(NOW, claims.getIssueTime().toInstant());
            assertEquals(NOW, claims.getNotBeforeTime().toInstant());
            assertEquals(NOW.plus(Duration.ofMinutes(5)), claims.getExpirationTime().toInstant());
            assertEquals(List.of("CONSUMER", "PROVIDER"), claims.getStringListClaim("roles"));
        }

        @Test
        void expires_after_the_configured_lifetime() throws ParseException {
            AccessTokenPolicy shortLived = new AccessTokenPolicy(Fixtures.ISSUER, Fixtures.API, Duration.ofSeconds(90), Duration.ZERO);
            JWTClaimsSet claims = issued(new TokenIssuer(shortLived, CURRENT, List.of())).getJWTClaimsSet();
            assertEquals(NOW.plusSeconds(90), claims.getExpirationTime().toInstant());
        }

        @Test
        void gives_every_token_a_fresh_128_bit_jti() throws ParseException {
            String first = issued(issuer).getJWTClaimsSet().getJWTID();
            String second = issued(issuer).getJWTClaimsSet().getJWTID();
            assertNotEquals(first, second);
            assertEquals(22, first.length(), "16 random bytes in base64url");
        }

        @Test
        void truncates_the_issue_instant_to_whole_seconds() throws ParseException {
            JWTClaimsSet claims = SignedJWT.parse(issuer.issue(CLIENT, NOW.plusMillis(999))).getJWTClaimsSet();
            assertEquals(NOW, claims.getIssueTime().toInstant());
        }
    }

    @Nested
    class PublicJwks {

        @Test
        void publishes_the_current_key_then_the_previous_ones_without_private_parts() {
            List<JWK> keys = new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(PREVIOUS)).publicJwks().getKeys();
            assertEquals(List.of("token-2026-05", "token-2026-04"), keys.stream().map(JWK::getKeyID).toList());
            assertTrue(keys.stream().noneMatch(JWK::isPrivate));
            assertFalse(new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(PREVIOUS)).publicJwks().toString().contains("\"d\""));
        }
    }

    @Nested
    class GenerateKey {

        @Test
        void makes_a_private_P_256_key_for_ES256_signatures_under_the_kid() {
            ECKey key = TokenIssuer.generateKey("k1");
            assertEquals("k1", key.getKeyID());
            assertEquals(Curve.P_256, key.getCurve());
            assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
            assertEquals(JWSAlgorithm.ES256, key.getAlgorithm());
            assertTrue(key.isPrivate());
        }

        @Test
        void refuses_a_blank_kid() {
            assertThrows(IllegalArgumentException.class, () -> TokenIssuer.generateKey(" "));
        }
    }

    @Nested
    class Construct {

        @Test
        void refuses_a_current_key_without_its_private_part() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenIssuer(Fixtures.tokenPolicy(), CURRENT.toPublicJWK(), List.of()));
            assertTrue(e.getMessage().contains("found a public key only"), e.getMessage());
        }

        @Test
        void refuses_a_key_on_another_curve() throws Exception {
            ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("k384").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384).generate();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(p384)));
            assertTrue(e.getMessage().contains("on curve P-256, found P-384"), e.getMessage());
        }

        @Test
        void refuses_a_current_key_not_declared_for_ES256_signatures() throws Exception {
            ECKey undeclared = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
            assertThrows(IllegalArgumentException.class, () -> new TokenIssuer(Fixtures.tokenPolicy(), undeclared, List.of()));
        }

        @Test
        void refuses_two_keys_with_the_same_kid() {
            ECKey sameKid = TokenIssuer.generateKey("token-2026-05");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenIssuer(Fixtures.tokenPolicy(), CURRENT, List.of(sameKid)));
            assertTrue(e.getMessage().contains("token-2026-05 twice"), e.getMessage());
        }
    }
}
