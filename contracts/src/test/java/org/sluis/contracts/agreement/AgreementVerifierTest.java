package org.sluis.contracts.agreement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluis.contracts.agreement.AgreementVerificationException.Reason;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.agreement.AgreementFixtures.CURRENT;
import static org.sluis.contracts.agreement.AgreementFixtures.ROTATED;
import static org.sluis.contracts.agreement.AgreementFixtures.agreement;
import static org.sluis.contracts.agreement.AgreementFixtures.b64;
import static org.sluis.contracts.agreement.AgreementFixtures.es256;
import static org.sluis.contracts.agreement.AgreementFixtures.generate;
import static org.sluis.contracts.agreement.AgreementFixtures.handOffer;
import static org.sluis.contracts.agreement.AgreementFixtures.header;
import static org.sluis.contracts.agreement.AgreementFixtures.hs256;
import static org.sluis.contracts.agreement.AgreementFixtures.json;

class AgreementVerifierTest {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final OdrlCodec CODEC = new OdrlCodec();

    private final AgreementVerifier verifier = new AgreementVerifier(
            new JWKSet(List.of(CURRENT.toPublicJWK(), ROTATED.toPublicJWK())));

    private static String signed() {
        return new AgreementSigner(CURRENT).sign(agreement());
    }

    private static byte[] canonical() {
        return AgreementSigner.canonical(agreement());
    }

    private static Reason refusal(Executable verification) {
        return assertThrows(AgreementVerificationException.class, verification).reason();
    }

    private Reason refusal(String jws) {
        return refusal(() -> verifier.verify(jws));
    }

    private static String replaceAt(String text, int index, char c) {
        return text.substring(0, index) + c + text.substring(index + 1);
    }

    @Nested
    class Verify {

        @Test
        void a_signed_agreement_verifies_to_the_agreement_its_key_and_its_ledger_hash() throws Exception {
            AgreementVerifier.Verified verified = verifier.verify(signed());

            assertEquals(agreement(), verified.agreement());
            assertEquals("sluis-2026-11", verified.keyId());
            assertArrayEquals(canonical(), verified.canonical());
            assertEquals(AgreementSigner.sha256Hex(agreement()), verified.sha256Hex());
        }

        @Test
        void the_document_as_written_by_the_codec_matches_its_signature() throws Exception {
            assertEquals(verifier.verify(signed()), verifier.verify(signed(), CODEC.toJson(agreement())));
        }

        @Test
        void the_document_with_members_in_another_order_and_whitespace_still_matches() throws Exception {
            String pretty = CODEC.toJson(agreement()).toPrettyString();
            ObjectNode reordered = (ObjectNode) json(pretty);
            JsonNode permission = reordered.remove("permission");
            reordered.set("permission", permission);

            assertEquals(agreement(), verifier.verify(signed(), reordered).agreement());
        }

        @Test
        void a_signature_by_a_rotated_out_key_still_published_verifies() throws Exception {
            String jws = new AgreementSigner(ROTATED).sign(agreement());

            assertEquals("sluis-2026-05", verifier.verify(jws).keyId());
        }

        @Test
        void the_verified_bytes_are_copies() throws Exception {
            AgreementVerifier.Verified verified = verifier.verify(signed());
            verified.canonical()[0] = 'x';

            assertArrayEquals(canonical(), verified.canonical());
        }
    }

    @Nested
    class Tampering {

        /**
         * Every position gets its lowest and its highest bit flipped; the last character of each part,
         * where an encoding can carry unused bits, and the two dots get every other character.
         */
        @Test
        void changing_any_one_character_of_the_jws_to_another_base64url_character_is_refused() {
            String jws = signed();
            int firstDot = jws.indexOf('.');
            int secondDot = jws.indexOf('.', firstDot + 1);
            Set<Integer> everyAlternative = Set.of(firstDot - 1, firstDot, secondDot - 1, secondDot, jws.length() - 1);
            List<String> accepted = new ArrayList<>();
            int positions = 0;
            for (int i = 0; i < jws.length(); i++) {
                char original = jws.charAt(i);
                List<Character> replacements = new ArrayList<>();
                if (everyAlternative.contains(i)) {
                    BASE64URL.chars().filter(c -> c != original).forEach(c -> replacements.add((char) c));
                } else {
                    int value = BASE64URL.indexOf(original);
                    replacements.add(BASE64URL.charAt(value ^ 0b000001));
                    replacements.add(BASE64URL.charAt(value ^ 0b100000));
                }
                for (char c : replacements) {
                    try {
                        verifier.verify(replaceAt(jws, i, c));
                        accepted.add("position " + i + " '" + original + "' -> '" + c + "'");
                    } catch (AgreementVerificationException expected) {
                        // refused, as it must be
                    }
                }
                positions++;
            }

            assertEquals(List.of(), accepted);
            assertEquals(jws.length(), positions);
        }

        @Test
        void a_last_signature_character_that_differs_only_in_unused_bits_is_refused_as_malformed() {
            String jws = signed();
            int last = jws.length() - 1;
            // 64 signature bytes take 86 characters; the last one carries 2 bits, so its low 4 bits are unused.
            char twin = BASE64URL.charAt(BASE64URL.indexOf(jws.charAt(last)) ^ 0b0001);

            assertEquals(Reason.MALFORMED, refusal(replaceAt(jws, last, twin)));
        }

        @Test
        void changing_one_byte_of_the_agreement_document_is_refused() throws Exception {
            String jws = signed();
            String document = CODEC.write(agreement());
            List<String> accepted = new ArrayList<>();
            int tried = 0;
            for (int i = 0; i < document.length(); i++) {
                char c = document.charAt(i);
                char other = Character.isDigit(c) ? (c == '9' ? '0' : (char) (c + 1))
                        : Character.isLetter(c) ? (c == 'z' || c == 'Z' ? 'a' : (char) (c + 1)) : 0;
                if (other == 0) {
                    continue;
                }
                tried++;
                JsonNode changed = json(replaceAt(document, i, other));
                try {
                    verifier.verify(jws, changed);
                    accepted.add("position " + i + " '" + c + "' -> '" + other + "'");
                } catch (AgreementVerificationException e) {
                    assertEquals(Reason.DOCUMENT_MISMATCH, e.reason(), e.getMessage());
                }
            }

            assertEquals(List.of(), accepted);
            assertTrue(tried > document.length() / 2, "expected most bytes to be tried, found " + tried);
        }

        @Test
        void a_signature_moved_onto_another_agreement_is_refused() {
            String[] original = signed().split("\\.");
            byte[] other = AgreementSigner.canonical(
                    AgreementTerms.conclude(handOffer(), "https://sluis.example/agreement/a-2",
                            AgreementFixtures.CONSUMER, AgreementFixtures.CONCLUDED, "research"));

            assertEquals(Reason.SIGNATURE, refusal(original[0] + "." + b64(other) + "." + original[2]));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".", "..", "a.b", "a.b.c.d", "e30.e30.e3", "e30=.e30.e30", "e30.e30+.e30"})
        void anything_but_three_base64url_parts_is_malformed(String jws) {
            assertEquals(Reason.MALFORMED, refusal(jws));
        }

        @Test
        void padding_whitespace_or_a_fourth_part_is_malformed() {
            String jws = signed();

            assertEquals(List.of(Reason.MALFORMED, Reason.MALFORMED, Reason.MALFORMED, Reason.MALFORMED),
                    List.of(refusal(jws + "="), refusal(jws + "\n"), refusal(" " + jws), refusal(jws + ".")));
        }
    }

    @Nested
    class Algorithms {

        @Test
        void the_classic_unsigned_alg_none_token_is_refused() {
            String none = "eyJhbGciOiJub25lIn0." + b64(canonical()) + ".";

            assertThrows(AgreementVerificationException.class, () -> verifier.verify(none));
        }

        @Test
        void alg_none_with_our_kid_and_type_and_some_signature_is_refused_for_its_algorithm() {
            String jws = b64(header("none", "sluis-2026-11").getBytes(StandardCharsets.UTF_8)) + "."
                    + b64(canonical()) + "." + b64(new byte[64]);

            AgreementVerificationException e = assertThrows(AgreementVerificationException.class,
                    () -> verifier.verify(jws));

            assertEquals(Reason.ALGORITHM, e.reason());
            assertEquals("expected alg ES256, found 'none'", e.getMessage());
        }

        @Test
        void hs256_keyed_with_the_public_key_bytes_is_refused() throws JOSEException {
            byte[] secret = CURRENT.toPublicJWK().toECPublicKey().getEncoded();

            assertEquals(Reason.ALGORITHM, refusal(hs256(header("HS256", "sluis-2026-11"), canonical(), secret)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"RS256", "PS256", "ES384", "ES512", "ES256K", "EdDSA", "es256", "ES256 "})
        void any_other_algorithm_is_refused_before_any_key_is_used(String alg) {
            assertEquals(Reason.ALGORITHM, refusal(es256(header(alg, "sluis-2026-11"), canonical(), CURRENT)));
        }

        @Test
        void a_missing_algorithm_is_refused() {
            String header = "{\"kid\":\"sluis-2026-11\",\"typ\":\"sluis-agreement+jws\"}";

            assertEquals(Reason.ALGORITHM, refusal(es256(header, canonical(), CURRENT)));
        }
    }

    @Nested
    class Header {

        @Test
        void a_hand_built_header_in_the_expected_shape_verifies() throws Exception {
            String jws = es256(header("ES256", "sluis-2026-11"), canonical(), CURRENT);

            assertEquals(agreement(), verifier.verify(jws).agreement());
        }

        @Test
        void a_missing_or_blank_kid_is_refused() {
            String noKid = "{\"alg\":\"ES256\",\"typ\":\"sluis-agreement+jws\"}";

            assertEquals(List.of(Reason.KEY_ID, Reason.KEY_ID), List.of(refusal(es256(noKid, canonical(), CURRENT)),
                    refusal(es256(header("ES256", " "), canonical(), CURRENT))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"JWT", "JOSE", "application/sluis-agreement+jws", "SLUIS-AGREEMENT+JWS"})
        void another_type_is_refused(String typ) {
            String header = "{\"alg\":\"ES256\",\"kid\":\"sluis-2026-11\",\"typ\":\"" + typ + "\"}";

            assertEquals(Reason.TYPE, refusal(es256(header, canonical(), CURRENT)));
        }

        @Test
        void a_missing_type_is_refused() {
            assertEquals(Reason.TYPE, refusal(es256("{\"alg\":\"ES256\",\"kid\":\"sluis-2026-11\"}", canonical(),
                    CURRENT)));
        }

        @Test
        void a_crit_header_is_refused_even_when_validly_signed() throws JOSEException {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("sluis-2026-11")
                    .type(AgreementSigner.TYPE).criticalParams(Set.of("sluis-ext")).customParam("sluis-ext", 1).build();
            JWSObject jws = new JWSObject(header, new Payload(canonical()));
            jws.sign(new ECDSASigner(CURRENT));

            AgreementVerificationException e = assertThrows(AgreementVerificationException.class,
                    () -> verifier.verify(jws.serialize()));

            assertEquals(Reason.HEADER, e.reason());
            assertTrue(e.getMessage().contains("crit"), e.getMessage());
        }

        @Test
        void an_embedded_jwk_is_refused_rather_than_trusted() {
            ECKey attacker = generate("sluis-2026-11");
            String header = "{\"alg\":\"ES256\",\"kid\":\"sluis-2026-11\",\"typ\":\"sluis-agreement+jws\",\"jwk\":"
                    + attacker.toPublicJWK().toJSONString() + "}";

            assertEquals(Reason.HEADER, refusal(es256(header, canonical(), attacker)));
        }

        @Test
        void a_header_with_a_duplicate_name_is_malformed() {
            String header = "{\"alg\":\"none\",\"alg\":\"ES256\",\"kid\":\"sluis-2026-11\","
                    + "\"typ\":\"sluis-agreement+jws\"}";

            assertEquals(Reason.MALFORMED, refusal(es256(header, canonical(), CURRENT)));
        }

        @Test
        void an_empty_header_has_no_algorithm() {
            assertEquals(Reason.ALGORITHM, refusal("e30." + b64(canonical()) + ".e30"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"not json", "[]", "\"ES256\"", "{\"alg\":[\"ES256\"],\"kid\":\"k\"}", "{} {}"})
        void a_header_that_is_not_one_object_of_strings_is_malformed(String header) {
            assertEquals(Reason.MALFORMED, refusal(es256(header, canonical(), CURRENT)));
        }
    }

    @Nested
    class Keys {

        @Test
        void a_key_that_is_not_published_is_refused_naming_the_published_ones() {
            String jws = new AgreementSigner(generate("sluis-2025-01")).sign(agreement());

            AgreementVerificationException e = assertThrows(AgreementVerificationException.class,
                    () -> verifier.verify(jws));

            assertEquals(Reason.UNKNOWN_KEY, e.reason());
            assertEquals("signed by key 'sluis-2025-01', which is not among the published keys"
                    + " [sluis-2026-05, sluis-2026-11]", e.getMessage());
        }

        @Test
        void another_p256_key_under_a_published_kid_is_refused() {
            String jws = new AgreementSigner(generate("sluis-2026-11")).sign(agreement());

            assertEquals(Reason.SIGNATURE, refusal(jws));
        }

        @Test
        void a_published_key_that_is_not_ec_is_refused() throws JOSEException {
            JWK hmac = new OctetSequenceKeyGenerator(256).keyID("hmac-1").generate();
            AgreementVerifier withHmac = new AgreementVerifier(new JWKSet(List.of(CURRENT.toPublicJWK(), hmac)));

            assertEquals(Reason.KEY, refusal(() -> withHmac.verify(es256(header("ES256", "hmac-1"), canonical(),
                    CURRENT))));
        }

        @Test
        void a_published_ec_key_on_another_curve_is_refused() throws JOSEException {
            ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
            AgreementVerifier withP384 = new AgreementVerifier(new JWKSet(List.of(p384.toPublicJWK())));

            assertEquals(Reason.KEY, refusal(() -> withP384.verify(es256(header("ES256", "p384"), canonical(),
                    CURRENT))));
        }

        @Test
        void a_published_key_marked_for_encryption_is_refused() throws JOSEException {
            ECKey encryption = new ECKeyGenerator(Curve.P_256).keyID("enc-1").keyUse(KeyUse.ENCRYPTION).generate();
            AgreementVerifier withEnc = new AgreementVerifier(new JWKSet(List.of(encryption.toPublicJWK())));

            assertEquals(Reason.KEY, refusal(() -> withEnc.verify(es256(header("ES256", "enc-1"), canonical(),
                    encryption))));
        }

        @Test
        void a_key_set_that_cannot_name_its_keys_is_refused() throws JOSEException {
            ECKey anonymous = new ECKeyGenerator(Curve.P_256).generate();

            assertThrows(IllegalArgumentException.class, () -> new AgreementVerifier(new JWKSet()));
            assertThrows(IllegalArgumentException.class,
                    () -> new AgreementVerifier(new JWKSet(anonymous.toPublicJWK())));
            assertThrows(IllegalArgumentException.class, () -> new AgreementVerifier(
                    new JWKSet(List.of(CURRENT.toPublicJWK(), generate("sluis-2026-11").toPublicJWK()))));
        }
    }

    @Nested
    class PayloadChecks {

        @Test
        void the_same_json_with_members_in_another_order_is_refused_even_when_validly_signed() {
            String reordered = new String(canonical(), StandardCharsets.UTF_8)
                    .replaceFirst("^\\{\"@context\":\"http://www.w3.org/ns/odrl.jsonld\",", "{")
                    .replaceFirst("}$", ",\"@context\":\"http://www.w3.org/ns/odrl.jsonld\"}");
            assertEquals(json(new String(canonical(), StandardCharsets.UTF_8)), json(reordered));

            assertEquals(Reason.NOT_CANONICAL, refusal(es256(header("ES256", "sluis-2026-11"),
                    reordered.getBytes(StandardCharsets.UTF_8), CURRENT)));
        }

        @Test
        void canonical_json_with_added_whitespace_is_refused() {
            byte[] spaced = (new String(canonical(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);

            assertEquals(Reason.NOT_CANONICAL, refusal(es256(header("ES256", "sluis-2026-11"), spaced, CURRENT)));
        }

        @Test
        void a_payload_that_is_not_json_is_refused() {
            assertEquals(Reason.NOT_CANONICAL, refusal(es256(header("ES256", "sluis-2026-11"),
                    "not json".getBytes(StandardCharsets.UTF_8), CURRENT)));
        }

        @Test
        void a_validly_signed_offer_is_refused() {
            byte[] offer = AgreementSigner.canonical(handOffer());

            AgreementVerificationException e = assertThrows(AgreementVerificationException.class,
                    () -> verifier.verify(es256(header("ES256", "sluis-2026-11"), offer, CURRENT)));

            assertEquals(Reason.NOT_AN_AGREEMENT, e.reason());
            assertEquals("expected the payload to be an ODRL Agreement, found Offer " + handOffer().uid(),
                    e.getMessage());
        }

        @Test
        void a_validly_signed_invalid_policy_is_refused() {
            Policy a = agreement();
            Policy noAssignee = new Policy(a.type(), a.uid(), a.profile(), a.issued(), a.assigner(),
                    Optional.empty(), a.target(), a.conflict(), a.permissions(), a.prohibitions(),
                    a.obligations());

            assertEquals(Reason.NOT_AN_AGREEMENT, refusal(es256(header("ES256", "sluis-2026-11"),
                    AgreementSigner.canonical(noAssignee), CURRENT)));
        }

        @Test
        void a_document_without_a_canonical_form_does_not_match() {
            ObjectNode huge = CODEC.toJson(agreement());
            huge.put("uid", new BigInteger("9007199254740993"));

            assertEquals(Reason.DOCUMENT_MISMATCH, refusal(() -> verifier.verify(signed(), huge)));
        }
    }
}
