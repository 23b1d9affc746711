package org.sluis.contracts.agreement;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.agreement.AgreementFixtures.CURRENT;
import static org.sluis.contracts.agreement.AgreementFixtures.agreement;
import static org.sluis.contracts.agreement.AgreementFixtures.handOffer;
import static org.sluis.contracts.agreement.AgreementFixtures.json;
import static org.sluis.contracts.agreement.AgreementFixtures.unb64;

class AgreementSignerTest {

    private final AgreementSigner signer = new AgreementSigner(CURRENT);

    @Nested
    class Sign {

        @Test
        void the_header_is_exactly_es256_the_key_id_and_the_agreement_type() {
            String header = new String(unb64(signer.sign(agreement()).split("\\.")[0]), StandardCharsets.UTF_8);

            assertEquals(json("{\"alg\":\"ES256\",\"kid\":\"sluis-2026-11\",\"typ\":\"sluis-agreement+jws\"}"),
                    json(header));
        }

        @Test
        void the_payload_is_the_canonical_form_of_the_codec_output() {
            byte[] payload = unb64(signer.sign(agreement()).split("\\.")[1]);

            assertArrayEquals(CanonicalJson.canonicalize(new OdrlCodec().toJson(agreement())), payload);
        }

        @Test
        void the_signature_is_64_bytes_of_r_and_s() {
            assertEquals(64, unb64(signer.sign(agreement()).split("\\.")[2]).length);
        }

        @Test
        void an_offer_is_not_signed() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> signer.sign(handOffer()));

            assertEquals("expected an Agreement to sign, found Offer " + handOffer().uid(), e.getMessage());
        }

        @Test
        void an_invalid_agreement_is_not_signed() {
            Policy a = agreement();
            Policy noAssignee = new Policy(PolicyType.AGREEMENT, a.uid(), a.profile(), a.issued(), a.assigner(),
                    Optional.empty(), a.target(), a.conflict(), a.permissions(), a.prohibitions(), a.obligations());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> signer.sign(noAssignee));

            assertTrue(e.getMessage().contains("/assignee"), e.getMessage());
        }
    }

    @Nested
    class Construct {

        @Test
        void a_public_key_alone_cannot_sign() {
            assertThrows(IllegalArgumentException.class, () -> new AgreementSigner(CURRENT.toPublicJWK()));
        }

        @Test
        void a_key_on_another_curve_is_refused() throws JOSEException {
            ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();

            assertThrows(IllegalArgumentException.class, () -> new AgreementSigner(p384));
        }

        @Test
        void a_key_without_kid_is_refused() throws JOSEException {
            ECKey anonymous = new ECKeyGenerator(Curve.P_256).generate();

            assertThrows(IllegalArgumentException.class, () -> new AgreementSigner(anonymous));
        }
    }

    @Nested
    class Hash {

        @Test
        void canonical_is_the_rfc_8785_form_of_the_codec_output() {
            JsonNode written = new OdrlCodec().toJson(agreement());

            assertArrayEquals(CanonicalJson.canonicalize(written), AgreementSigner.canonical(agreement()));
        }

        @Test
        void sha256_hex_is_the_lowercase_hex_sha_256_of_the_canonical_bytes() throws NoSuchAlgorithmException {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(AgreementSigner.canonical(agreement()));

            assertEquals(HexFormat.of().formatHex(digest), AgreementSigner.sha256Hex(agreement()));
            assertTrue(AgreementSigner.sha256Hex(agreement()).matches("[0-9a-f]{64}"));
        }

        @Test
        void canonical_bytes_are_fresh_copies() {
            byte[] first = AgreementSigner.canonical(agreement());
            first[0] = 'x';

            assertEquals('{', AgreementSigner.canonical(agreement())[0]);
        }
    }
}
