package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.Fixtures.CA;
import static org.sluis.core.identity.Fixtures.EC_CLIENT;
import static org.sluis.core.identity.Fixtures.NOW;
import static org.sluis.core.identity.JdkJose.b64url;
import static org.sluis.core.identity.JdkJose.fromB64url;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Interoperability: client assertions made, and access tokens checked, with the JDK alone, no JOSE library. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JoseInteropTest {

    private static byte[] ecdsaDer(String signingInput) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(EC_CLIENT.keys().getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signature.sign();
    }

    /** The signing input of an assertion built by hand: header and payload JSON written as text. */
    private static String handWrittenSigningInput(String jti) throws GeneralSecurityException {
        String x5c = Base64.getEncoder().encodeToString(EC_CLIENT.certificate().getEncoded());
        String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
        long iat = NOW.getEpochSecond();
        String payload = "{\"iss\":\"" + EC_CLIENT.id() + "\",\"sub\":\"" + EC_CLIENT.id() + "\",\"aud\":\""
                + Fixtures.TOKEN_ENDPOINT + "\",\"iat\":" + iat + ",\"exp\":" + (iat + 120) + ",\"jti\":\"" + jti + "\"}";
        return b64url(header) + "." + b64url(payload);
    }

    private static ClientAssertionVerifier verifier(InMemoryJtiRegistry jtis) {
        return new ClientAssertionVerifier(new PkixChainValidator(CA.certificate()), jtis,
                new MapParticipantDirectory().put(EC_CLIENT.standing("ACTIVE")), Fixtures.CLOCK, Fixtures.assertionPolicy());
    }

    @Nested
    class ClientAssertionFromThePlainJdk {

        @Test
        void is_accepted_when_the_DER_signature_is_converted_to_the_64_byte_JOSE_form() throws GeneralSecurityException {
            String input = handWrittenSigningInput("jdk-1");
            byte[] jose = JdkJose.derToJose(ecdsaDer(input), JdkJose.P256_HALF);
            assertEquals(64, jose.length);

            InMemoryJtiRegistry jtis = new InMemoryJtiRegistry();
            VerifiedClient client = verifier(jtis).verify(EC_CLIENT.id(), input + "." + b64url(jose));

            assertEquals(EC_CLIENT.id(), client.participantId());
            assertTrue(jtis.keptUntil(EC_CLIENT.id(), "jdk-1").isPresent());
        }

        @Test
        void is_refused_when_the_DER_signature_is_sent_unconverted() throws GeneralSecurityException {
            String input = handWrittenSigningInput("jdk-2");
            InMemoryJtiRegistry jtis = new InMemoryJtiRegistry();
            TokenRequestException refusal = assertThrows(TokenRequestException.class,
                    () -> verifier(jtis).verify(EC_CLIENT.id(), input + "." + b64url(ecdsaDer(input))));
            assertEquals(TokenError.INVALID_CLIENT, refusal.error());
            assertEquals(0, jtis.size());
        }
    }

    @Nested
    class AccessTokenCheckedWithThePlainJdk {

        private final TokenIssuer issuer = new TokenIssuer(Fixtures.tokenPolicy(), TokenIssuer.generateKey("token-2026-05"),
                List.of(TokenIssuer.generateKey("token-2026-04")));
        private final String token = issuer.issue(new VerifiedClient(EC_CLIENT.id(), Set.of("CONSUMER"), "b".repeat(64)), NOW);

        /** Verifies with the JDK: key from the JWKS JSON by kid, JOSE R||S converted to DER, Signature.verify. */
        private boolean jdkVerifies(String compact) throws GeneralSecurityException {
            String[] parts = compact.split("\\.");
            String header = new String(fromB64url(parts[0]), StandardCharsets.UTF_8);
            assertEquals("ES256", JdkJose.stringMember(header, "alg"));
            assertEquals("at+jwt", JdkJose.stringMember(header, "typ"));
            String jwk = JdkJose.objectWithKid(issuer.publicJwks().toString(), JdkJose.stringMember(header, "kid"));
            assertEquals("P-256", JdkJose.stringMember(jwk, "crv"));
            ECPublicKey key = JdkJose.p256PublicKey(fromB64url(JdkJose.stringMember(jwk, "x")), fromB64url(JdkJose.stringMember(jwk, "y")));
            byte[] jose = fromB64url(parts[2]);
            assertEquals(64, jose.length, "an ES256 JWS signature is R || S, 64 bytes (RFC 7518 §3.4)");

            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(JdkJose.joseToDer(jose));
        }

        @Test
        void verifies_with_the_key_published_in_the_JWKS() throws GeneralSecurityException {
            assertTrue(jdkVerifies(token));
            String payload = new String(fromB64url(token.split("\\.")[1]), StandardCharsets.UTF_8);
            assertEquals(EC_CLIENT.id(), JdkJose.stringMember(payload, "sub"));
            assertEquals(Fixtures.ISSUER, JdkJose.stringMember(payload, "iss"));
            assertEquals(Fixtures.API, JdkJose.stringMember(payload, "aud"));
        }

        @Test
        void does_not_verify_once_the_payload_is_changed() throws GeneralSecurityException {
            String[] parts = token.split("\\.");
            String payload = new String(fromB64url(parts[1]), StandardCharsets.UTF_8).replace("CONSUMER", "OPERATOR");
            assertFalse(jdkVerifies(parts[0] + "." + b64url(payload) + "." + parts[2]));
        }
    }
}
