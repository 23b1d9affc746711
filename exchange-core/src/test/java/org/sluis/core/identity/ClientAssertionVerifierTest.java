package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.AssertionMinter.b64;
import static org.sluis.core.identity.AssertionMinter.claims;
import static org.sluis.core.identity.AssertionMinter.header;
import static org.sluis.core.identity.AssertionMinter.mint;
import static org.sluis.core.identity.AssertionMinter.sign;
import static org.sluis.core.identity.Fixtures.CA;
import static org.sluis.core.identity.Fixtures.EC_CLIENT;
import static org.sluis.core.identity.Fixtures.NOW;
import static org.sluis.core.identity.Fixtures.RSA_CLIENT;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClientAssertionVerifierTest {

    private InMemoryJtiRegistry jtis;
    private MapParticipantDirectory directory;
    private ClientAssertionVerifier verifier;

    @BeforeEach
    void setUp() {
        jtis = new InMemoryJtiRegistry();
        directory = new MapParticipantDirectory()
                .put(EC_CLIENT.standing("ACTIVE"))
                .put(RSA_CLIENT.standing("ACTIVE"));
        verifier = new ClientAssertionVerifier(new PkixChainValidator(CA.certificate()), jtis, directory,
                Fixtures.CLOCK, Fixtures.assertionPolicy());
    }

    /** Asserts a refusal with the given code and description fragment, and that no jti was recorded. */
    private TokenRequestException assertRefused(TokenError expected, String fragment, String clientId, String assertion) {
        TokenRequestException refusal = assertThrows(TokenRequestException.class, () -> verifier.verify(clientId, assertion));
        assertEquals(expected, refusal.error(), refusal.description());
        assertTrue(refusal.description().contains(fragment),
                () -> "expected the description to contain '" + fragment + "', found: " + refusal.description());
        assertEquals(0, jtis.size(), "a refused assertion must not record its jti");
        return refusal;
    }

    private TokenRequestException assertInvalidClient(String fragment, String assertion) {
        return assertRefused(TokenError.INVALID_CLIENT, fragment, EC_CLIENT.id(), assertion);
    }

    private static String ecAssertion(JWTClaimsSet claims) {
        return mint(EC_CLIENT, claims);
    }

    @Nested
    class Verify {

        @Nested
        class Accepts {

            @Test
            void an_ES256_assertion_from_an_active_EC_participant_and_the_token_issued_for_it_verifies() {
                VerifiedClient client = verifier.verify(EC_CLIENT.id(), mint(EC_CLIENT, JWSAlgorithm.ES256));

                assertEquals(new VerifiedClient(EC_CLIENT.id(), Set.of("CONSUMER"),
                        CertificateFingerprints.sha256Hex(EC_CLIENT.certificate())), client);
                assertEquals(1, jtis.size());
                TokenIssuer issuer = new TokenIssuer(Fixtures.tokenPolicy(), TokenIssuer.generateKey("t1"), List.of());
                AccessToken token = new AccessTokenVerifier(Fixtures.tokenPolicy(), issuer.publicJwks(), Fixtures.CLOCK)
                        .verify(issuer.issue(client, NOW));
                assertEquals(EC_CLIENT.id(), token.participantId());
                assertEquals(Set.of("CONSUMER"), token.roles());
            }

            @Test
            void an_RS256_assertion_from_an_active_RSA_3072_participant_and_the_token_issued_for_it_verifies() {
                VerifiedClient client = verifier.verify(RSA_CLIENT.id(), mint(RSA_CLIENT, JWSAlgorithm.RS256));

                assertEquals(Set.of("PROVIDER", "CONSUMER"), client.roles());
                TokenIssuer issuer = new TokenIssuer(Fixtures.tokenPolicy(), TokenIssuer.generateKey("t1"), List.of());
                AccessToken token = new AccessTokenVerifier(Fixtures.tokenPolicy(), issuer.publicJwks(), Fixtures.CLOCK)
                        .verify(issuer.issue(client, NOW));
                assertEquals(RSA_CLIENT.id(), token.participantId());
                assertEquals(Set.of("PROVIDER", "CONSUMER"), token.roles());
            }

            @Test
            void a_PS256_assertion_from_an_RSA_participant() {
                assertEquals(RSA_CLIENT.id(), verifier.verify(RSA_CLIENT.id(), mint(RSA_CLIENT, JWSAlgorithm.PS256)).participantId());
            }

            @Test
            void an_audience_naming_the_token_endpoint() {
                verifier.verify(EC_CLIENT.id(), ecAssertion(claims(EC_CLIENT.id(), NOW).audience(Fixtures.TOKEN_ENDPOINT).build()));
                assertEquals(1, jtis.size());
            }

            @Test
            void an_audience_array_that_contains_the_issuer() {
                verifier.verify(EC_CLIENT.id(), ecAssertion(claims(EC_CLIENT.id(), NOW)
                        .audience(List.of("https://elsewhere.test", Fixtures.ISSUER)).build()));
                assertEquals(1, jtis.size());
            }

            @Test
            void an_assertion_that_expired_within_the_clock_skew() {
                Instant issued = NOW.minus(Duration.ofMinutes(1));
                verifier.verify(EC_CLIENT.id(), ecAssertion(claims(EC_CLIENT.id(), issued)
                        .expirationTime(Date.from(NOW.minusSeconds(29))).build()));
                assertEquals(1, jtis.size());
            }

            @Test
            void an_assertion_without_typ_and_with_the_ca_certificate_appended_to_x5c() {
                TestParticipant withAnchor = EC_CLIENT.withChain(List.of(EC_CLIENT.certificate(), CA.certificate()));
                JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).x509CertChain(withAnchor.x5c()).build();
                verifier.verify(EC_CLIENT.id(), sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
                assertEquals(1, jtis.size());
            }

            @Test
            void records_the_jti_until_exp_plus_the_clock_skew() {
                JWTClaimsSet claims = claims(EC_CLIENT.id(), NOW).build();
                verifier.verify(EC_CLIENT.id(), ecAssertion(claims));
                assertEquals(NOW.plus(Duration.ofMinutes(2)).plusSeconds(30), jtis.keptUntil(EC_CLIENT.id(), claims.getJWTID()).orElseThrow());
            }
        }

        @Nested
        class RefusesTheRequest {

            @Test
            void without_a_client_id_as_invalid_request() {
                assertRefused(TokenError.INVALID_REQUEST, "client_id", " ", mint(EC_CLIENT, JWSAlgorithm.ES256));
            }

            @Test
            void without_an_assertion_as_invalid_request() {
                assertRefused(TokenError.INVALID_REQUEST, "client_assertion", EC_CLIENT.id(), null);
            }

            @Test
            void with_an_overlong_client_id_as_invalid_request() {
                assertRefused(TokenError.INVALID_REQUEST, "at most 256", "x".repeat(257), mint(EC_CLIENT, JWSAlgorithm.ES256));
            }
        }

        @Nested
        class RefusesTheForm {

            @Test
            void of_an_unsecured_alg_none_assertion() {
                String payload = b64(claims(EC_CLIENT.id(), NOW).build().toString());
                assertInvalidClient("alg none", "eyJhbGciOiJub25lIn0." + payload + ".");
            }

            @Test
            void of_alg_NONE_in_capitals_whatever_the_signature() {
                String payload = b64(claims(EC_CLIENT.id(), NOW).build().toString());
                assertInvalidClient("found 'NONE'", b64("{\"alg\":\"NONE\"}") + "." + payload + ".AAAA");
            }

            @Test
            void of_a_signed_assertion_with_its_signature_stripped() {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                assertInvalidClient("signature to be non-empty", assertion.substring(0, assertion.lastIndexOf('.') + 1));
            }

            @Test
            void of_an_encrypted_JWE() {
                String jwe = b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".AAAA.AAAA.AAAA.AAAA";
                assertInvalidClient("encrypted JWE", jwe);
            }

            @Test
            void of_a_header_with_two_alg_members() {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                String duplicated = b64("{\"alg\":\"ES256\",\"alg\":\"none\"}") + assertion.substring(assertion.indexOf('.'));
                assertInvalidClient("header to be a JSON object", duplicated);
            }

            @Test
            void of_base64_padding_in_a_part() {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                assertInvalidClient("base64url without padding", assertion + "=");
            }

            @Test
            void of_an_assertion_over_32_KiB() {
                assertInvalidClient("at most 32768 characters", "a".repeat(32 * 1024 + 1));
            }

            @Test
            void of_a_typ_other_than_JWT() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).type(new JOSEObjectType("at+jwt")).build();
                assertInvalidClient("expected typ JWT", sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }
        }

        @Nested
        class RefusesAlgorithmAndKeyConfusion {

            @Test
            void of_HS256_keyed_with_the_DER_bytes_of_the_participants_public_key() {
                JWSHeader header = header(JWSAlgorithm.HS256, EC_CLIENT).build();
                byte[] der = EC_CLIENT.keys().getPublic().getEncoded();
                assertInvalidClient("found 'HS256'", AssertionMinter.signHmac(header, claims(EC_CLIENT.id(), NOW).build(), der));
            }

            @Test
            void of_HS256_keyed_with_the_PEM_text_of_the_participants_public_key() {
                JWSHeader header = header(JWSAlgorithm.HS256, RSA_CLIENT).build();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(RSA_CLIENT.keys().getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                String forged = AssertionMinter.signHmac(header, claims(RSA_CLIENT.id(), NOW).build(),
                        pem.getBytes(StandardCharsets.US_ASCII));
                assertRefused(TokenError.INVALID_CLIENT, "found 'HS256'", RSA_CLIENT.id(), forged);
            }

            @Test
            void of_an_ES256_header_over_a_certificate_with_an_RSA_key() {
                JWSHeader header = header(JWSAlgorithm.ES256, RSA_CLIENT).build();
                String forged = AssertionMinter.signRaw(header, claims(RSA_CLIENT.id(), NOW).build(), "SHA256withRSA",
                        RSA_CLIENT.keys().getPrivate());
                assertRefused(TokenError.INVALID_CLIENT, "expected an EC P-256 key in the certificate for alg ES256, found an RSA key",
                        RSA_CLIENT.id(), forged);
            }

            @Test
            void of_an_RS256_header_over_a_certificate_with_an_EC_key() {
                JWSHeader header = header(JWSAlgorithm.RS256, EC_CLIENT).build();
                String forged = AssertionMinter.signRaw(header, claims(EC_CLIENT.id(), NOW).build(), "SHA256withECDSA",
                        EC_CLIENT.keys().getPrivate());
                assertInvalidClient("expected an RSA key of at least 2048 bits in the certificate for alg RS256, found an EC key", forged);
            }

            @Test
            void of_an_RSA_key_shorter_than_2048_bits() {
                TestParticipant weak = Fixtures.participant(CA, "EU.EORI.NL000000010", TestPki.rsaKeys(1024), Set.of("CONSUMER"));
                directory.put(weak.standing("ACTIVE"));
                assertRefused(TokenError.INVALID_CLIENT, "found an RSA key of 1024 bits", weak.id(),
                        AssertionMinter.signRaw(header(JWSAlgorithm.RS256, weak).build(), claims(weak.id(), NOW).build(),
                                "SHA256withRSA", weak.keys().getPrivate()));
            }

            @Test
            void of_ES256_over_a_certificate_with_a_P_384_key() {
                TestParticipant p384 = Fixtures.participant(CA, "EU.EORI.NL000000011", TestPki.ecKeys("secp384r1"), Set.of("CONSUMER"));
                directory.put(p384.standing("ACTIVE"));
                assertRefused(TokenError.INVALID_CLIENT, "found an EC key on curve P-384", p384.id(),
                        AssertionMinter.signRaw(header(JWSAlgorithm.ES256, p384).build(), claims(p384.id(), NOW).build(),
                                "SHA256withECDSA", p384.keys().getPrivate()));
            }
        }

        @Nested
        class RefusesForeignKeys {

            private final KeyPair attacker = TestPki.ecKeys("secp256r1");

            @Test
            void of_an_attackers_jwk_header_beside_the_victims_valid_x5c() {
                ECKey attackerJwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) attacker.getPublic()).build();
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).jwk(attackerJwk).build();
                assertInvalidClient("found 'jwk'", sign(header, claims(EC_CLIENT.id(), NOW).build(), attacker.getPrivate()));
            }

            @Test
            void of_the_victims_x5c_alone_with_a_signature_by_the_attackers_key() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).build();
                assertInvalidClient("does not verify", sign(header, claims(EC_CLIENT.id(), NOW).build(), attacker.getPrivate()));
            }

            @Test
            void of_a_jku_header() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).jwkURL(URI.create("https://attacker.test/jwks")).build();
                assertInvalidClient("found 'jku'", sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }

            @Test
            void of_an_x5u_header() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).x509CertURL(URI.create("https://attacker.test/cert.pem")).build();
                assertInvalidClient("found 'x5u'", sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }

            @Test
            void of_a_crit_header() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT).criticalParams(Set.of("sluis-ext"))
                        .customParam("sluis-ext", true).build();
                assertInvalidClient("found 'crit, sluis-ext'", sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }
        }

        @Nested
        class RefusesTheCertificate {

            @Test
            void of_an_unknown_client_whose_certificate_is_otherwise_valid() {
                TestParticipant stranger = Fixtures.participant(CA, "EU.EORI.NL000000099", TestPki.ecKeys("secp256r1"), Set.of());
                assertRefused(TokenError.INVALID_CLIENT, "expected a registered participant 'EU.EORI.NL000000099', found none",
                        stranger.id(), mint(stranger, JWSAlgorithm.ES256));
            }

            @Test
            void that_does_not_chain_to_the_trusted_ca() {
                TestParticipant selfMade = EC_CLIENT.withChain(List.of(Fixtures.OTHER_CA.issue(EC_CLIENT.id(),
                        EC_CLIENT.keys().getPublic(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)))));
                assertInvalidClient("expected an x5c chain to a trusted anchor", mint(selfMade, JWSAlgorithm.ES256));
            }

            @Test
            void that_has_expired() {
                KeyPair keys = TestPki.ecKeys("secp256r1");
                TestParticipant expired = new TestParticipant("EU.EORI.NL000000012", keys, List.of(CA.issue("EU.EORI.NL000000012",
                        keys.getPublic(), NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)))), Set.of("CONSUMER"));
                directory.put(expired.standing("ACTIVE"));
                assertRefused(TokenError.INVALID_CLIENT, "expected an x5c chain to a trusted anchor, valid now", expired.id(),
                        mint(expired, JWSAlgorithm.ES256));
            }

            @Test
            void that_names_another_participant_than_the_client_id() {
                JWSHeader header = header(JWSAlgorithm.RS256, RSA_CLIENT).build();
                assertInvalidClient("expected a certificate naming the client_id 'EU.EORI.NL000000001', found one naming 'EU.EORI.NL000000002'",
                        sign(header, claims(EC_CLIENT.id(), NOW).build(), RSA_CLIENT.keys().getPrivate()));
            }

            @Test
            void that_is_not_the_registered_one_though_it_names_the_participant() {
                KeyPair newKeys = TestPki.ecKeys("secp256r1");
                TestParticipant other = EC_CLIENT.withKeys(newKeys, List.of(CA.issue(EC_CLIENT.id(), newKeys.getPublic(),
                        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)))));
                assertInvalidClient("expected the certificate registered for 'EU.EORI.NL000000001'", mint(other, JWSAlgorithm.ES256));
            }

            @Test
            void that_is_missing() {
                JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build();
                assertInvalidClient("expected an x5c header", sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }

            @Test
            void that_is_not_a_DER_certificate() {
                JWSHeader header = header(JWSAlgorithm.ES256, EC_CLIENT)
                        .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode("not a certificate"))).build();
                assertInvalidClient("expected x5c to hold base64 DER X.509 certificates",
                        sign(header, claims(EC_CLIENT.id(), NOW).build(), EC_CLIENT.keys().getPrivate()));
            }
        }

        @Nested
        class RefusesTheStanding {

            @Test
            void of_a_suspended_participant_as_unauthorized_client() {
                directory.put(EC_CLIENT.standing("SUSPENDED"));
                assertRefused(TokenError.UNAUTHORIZED_CLIENT, "to be ACTIVE, found 'SUSPENDED'", EC_CLIENT.id(),
                        mint(EC_CLIENT, JWSAlgorithm.ES256));
            }

            @Test
            void of_a_revoked_participant_as_unauthorized_client() {
                directory.put(RSA_CLIENT.standing("REVOKED"));
                assertRefused(TokenError.UNAUTHORIZED_CLIENT, "to be ACTIVE, found 'REVOKED'", RSA_CLIENT.id(),
                        mint(RSA_CLIENT, JWSAlgorithm.RS256));
            }
        }

        @Nested
        class RefusesTheSignatureAndClaims {

            @Test
            void of_a_signature_with_one_bit_flipped() {
                assertInvalidClient("does not verify", AssertionMinter.withFlippedSignatureBit(mint(EC_CLIENT, JWSAlgorithm.ES256)));
            }

            @Test
            void of_a_payload_changed_after_signing() {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                assertInvalidClient("does not verify", AssertionMinter.withPayload(assertion,
                        claims(EC_CLIENT.id(), NOW).expirationTime(Date.from(NOW.plus(Duration.ofMinutes(4)))).build()));
            }

            @Test
            void of_an_expired_assertion() {
                Instant issued = NOW.minus(Duration.ofMinutes(3));
                assertInvalidClient("the assertion has expired", ecAssertion(claims(EC_CLIENT.id(), issued)
                        .expirationTime(Date.from(NOW.minusSeconds(30))).build()));
            }

            @Test
            void of_an_assertion_issued_in_the_future() {
                assertInvalidClient("the assertion was issued in the future",
                        ecAssertion(claims(EC_CLIENT.id(), NOW.plus(Duration.ofMinutes(2))).build()));
            }

            @Test
            void of_an_assertion_not_valid_before_a_later_instant() {
                assertInvalidClient("the assertion is not valid yet",
                        ecAssertion(claims(EC_CLIENT.id(), NOW).notBeforeTime(Date.from(NOW.plusSeconds(31))).build()));
            }

            @Test
            void of_a_lifetime_over_5_minutes() {
                assertInvalidClient("at most PT5M, found PT5M1S", ecAssertion(claims(EC_CLIENT.id(), NOW)
                        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1))).build()));
            }

            @Test
            void of_an_exp_before_iat() {
                assertInvalidClient("above PT0S", ecAssertion(claims(EC_CLIENT.id(), NOW)
                        .expirationTime(Date.from(NOW.plusSeconds(10))).issueTime(Date.from(NOW.plusSeconds(20))).build()));
            }

            @Test
            void of_a_missing_exp() {
                assertInvalidClient("expected an exp claim", ecAssertion(claims(EC_CLIENT.id(), NOW).expirationTime(null).build()));
            }

            @Test
            void of_a_missing_iat() {
                assertInvalidClient("expected an iat claim", ecAssertion(claims(EC_CLIENT.id(), NOW).issueTime(null).build()));
            }

            @Test
            void of_a_wrong_audience() {
                assertInvalidClient("expected aud to contain 'https://exchange.sluis.test' or 'https://exchange.sluis.test/v1/oauth/token', found '[https://other-exchange.test]'",
                        ecAssertion(claims(EC_CLIENT.id(), NOW).audience("https://other-exchange.test").build()));
            }

            @Test
            void of_a_missing_audience() {
                assertInvalidClient("found none", ecAssertion(claims(EC_CLIENT.id(), NOW).audience((String) null).build()));
            }

            @Test
            void of_a_missing_jti() {
                assertInvalidClient("expected a non-empty jti string, found none", ecAssertion(claims(EC_CLIENT.id(), NOW).jwtID(null).build()));
            }

            @Test
            void of_an_empty_jti() {
                assertInvalidClient("an empty or non-string one", ecAssertion(claims(EC_CLIENT.id(), NOW).jwtID("").build()));
            }

            @Test
            void of_a_jti_over_256_characters() {
                assertInvalidClient("at most 256 characters, found 257", ecAssertion(claims(EC_CLIENT.id(), NOW).jwtID("j".repeat(257)).build()));
            }

            @Test
            void of_an_iss_other_than_the_sub() {
                assertInvalidClient("expected sub to equal iss and the client_id 'EU.EORI.NL000000001', found 'EU.EORI.NL000000002'",
                        ecAssertion(claims(EC_CLIENT.id(), NOW).subject(RSA_CLIENT.id()).build()));
            }

            @Test
            void of_an_iss_other_than_the_client_id() {
                assertInvalidClient("expected iss to equal the client_id 'EU.EORI.NL000000001', found 'EU.EORI.NL000000002'",
                        ecAssertion(claims(RSA_CLIENT.id(), NOW).build()));
            }
        }

        @Nested
        class RefusesReplay {

            @Test
            void of_a_jti_used_before() {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                verifier.verify(EC_CLIENT.id(), assertion);

                TokenRequestException refusal = assertThrows(TokenRequestException.class, () -> verifier.verify(EC_CLIENT.id(), assertion));
                assertEquals(TokenError.INVALID_CLIENT, refusal.error());
                assertTrue(refusal.description().contains("the assertion is a replay"), refusal.description());
                assertEquals(1, jtis.size());
            }

            @Test
            void of_all_but_one_of_many_concurrent_uses_of_one_assertion() throws Exception {
                String assertion = mint(EC_CLIENT, JWSAlgorithm.ES256);
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<Boolean>> outcomes = pool.invokeAll(Collections.nCopies(8, () -> {
                        try {
                            verifier.verify(EC_CLIENT.id(), assertion);
                            return true;
                        } catch (TokenRequestException refused) {
                            return false;
                        }
                    }));
                    int accepted = 0;
                    for (Future<Boolean> outcome : outcomes) {
                        accepted += outcome.get() ? 1 : 0;
                    }
                    assertEquals(1, accepted);
                } finally {
                    pool.shutdownNow();
                }
            }

            @Test
            void but_not_the_jti_of_an_assertion_that_was_refused() {
                JWTClaimsSet wrongAudience = claims(EC_CLIENT.id(), NOW).audience("https://other-exchange.test").jwtID("jti-1").build();
                assertInvalidClient("expected aud", ecAssertion(wrongAudience));

                verifier.verify(EC_CLIENT.id(), ecAssertion(claims(EC_CLIENT.id(), NOW).jwtID("jti-1").build()));
                assertTrue(jtis.keptUntil(EC_CLIENT.id(), "jti-1").isPresent());
            }

            @Test
            void but_not_the_same_jti_from_another_client() {
                verifier.verify(EC_CLIENT.id(), ecAssertion(claims(EC_CLIENT.id(), NOW).jwtID("shared").build()));
                JWTClaimsSet claims = claims(RSA_CLIENT.id(), NOW).jwtID("shared").build();
                verifier.verify(RSA_CLIENT.id(), sign(header(JWSAlgorithm.RS256, RSA_CLIENT).build(), claims, RSA_CLIENT.keys().getPrivate()));
                assertEquals(2, jtis.size());
            }
        }

        @Nested
        class Describes {

            @Test
            void a_refusal_without_echoing_the_assertion_or_its_signature() {
                String forged = AssertionMinter.withFlippedSignatureBit(mint(EC_CLIENT, JWSAlgorithm.ES256));
                String description = assertInvalidClient("does not verify", forged).description();
                for (String part : forged.split("\\.")) {
                    assertFalse(description.contains(part), "the description must not carry any part of the assertion");
                }
            }

            @Test
            void a_refusal_within_the_RFC_6749_error_description_characters() {
                String sneaky = "EU.EORI.\"quoted\"\\\u00e9\n";
                String description = assertRefused(TokenError.INVALID_CLIENT, "expected iss", EC_CLIENT.id(),
                        ecAssertion(claims(EC_CLIENT.id(), NOW).issuer(sneaky).build())).description();
                assertTrue(description.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\'), description);
            }
        }
    }
}
