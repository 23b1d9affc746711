package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.CaTestPki.NOW;
import static org.sluis.core.identity.CaTestPki.ONE_YEAR;
import static org.sluis.core.identity.CaTestPki.acme;
import static org.sluis.core.identity.CaTestPki.extension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.CaTestPki.HandMadeCa;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TrustAnchorsTest {

    private static final ExchangeCa CA = ExchangeCa.selfSigned(CaTestPki.CA_NAME, NOW);
    private static final TrustAnchors ANCHORS = TrustAnchors.of(CA);
    private static final Extension DIGITAL_SIGNATURE =
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    private static final Extension END_ENTITY = extension(Extension.basicConstraints, true, new BasicConstraints(false));

    @TempDir
    Path dir;

    private static IssuedCertificate issueAt(Instant now, Duration validity) {
        return CA.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), acme(), validity, now);
    }

    private static Extension participantUris(String... ids) {
        GeneralName[] names = new GeneralName[ids.length];
        for (int i = 0; i < ids.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, "urn:sluis:participant:" + ids[i]);
        }
        return extension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }

    private static UntrustedCertificateException refused(TrustAnchors anchors, List<X509Certificate> chain, Instant at) {
        return assertThrows(UntrustedCertificateException.class, () -> anchors.validate(chain, at));
    }

    private static void assertMessageStarts(String expected, Exception e) {
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Nested
    class ValidateAccepts {

        @Test
        void a_certificate_the_exchange_issued_presented_with_its_ca() {
            var issued = issueAt(NOW, ONE_YEAR);

            var validated = ANCHORS.validate(issued.chain(), NOW);

            assertEquals(new ValidatedChain(issued.certificate(), CA.certificate(), "acme"), validated);
        }

        @Test
        void a_certificate_the_exchange_issued_presented_alone() {
            var issued = issueAt(NOW, ONE_YEAR);

            assertEquals("acme", ANCHORS.validate(List.of(issued.certificate()), NOW).participantId());
        }

        @Test
        void a_certificate_of_an_additional_ca_loaded_from_pem() throws IOException {
            ExchangeCa national = ExchangeCa.selfSigned("PKIoverheid Test CA", NOW);
            Path pem = Files.writeString(dir.resolve("national.pem"), Pem.write(national.certificate()));
            var issued = national.issue(CsrBuilder.csr(CaTestPki.ecKey(), "gemeente-amsterdam"),
                    new ParticipantSubject("gemeente-amsterdam", "Gemeente Amsterdam", "34366966", "NL-NH"), ONE_YEAR, NOW);

            TrustAnchors anchors = ANCHORS.withPemFile(pem);
            var validated = anchors.validate(issued.chain(), NOW);

            assertEquals(national.certificate(), validated.anchor());
            assertEquals("gemeente-amsterdam", validated.participantId());
            assertEquals(List.of(CA.certificate(), national.certificate()), anchors.anchors());
        }

        @Test
        void a_chain_through_an_intermediate_to_an_additional_root() throws IOException {
            HandMadeCa root = HandMadeCa.root("CN=Staat der Nederlanden Test Root");
            HandMadeCa intermediate = root.intermediate("CN=Test Organisatie CA");
            Path pem = Files.writeString(dir.resolve("bundle.pem"),
                    "# Staat der Nederlanden test root\n" + Pem.write(root.certificate()) + "\n");
            var leaf = intermediate.leaf(CaTestPki.ecKey().getPublic(), "CN=umc-utrecht, O=UMC Utrecht",
                    END_ENTITY, DIGITAL_SIGNATURE, participantUris("umc-utrecht"));

            var validated = ANCHORS.withPemFile(pem).validate(List.of(leaf, intermediate.certificate()), NOW);

            assertEquals(root.certificate(), validated.anchor());
            assertEquals("umc-utrecht", validated.participantId());
        }

        @Test
        void a_chain_that_includes_the_anchor_itself_at_the_end() {
            HandMadeCa root = HandMadeCa.root("CN=Root");
            HandMadeCa intermediate = root.intermediate("CN=Issuing");
            var leaf = intermediate.leaf(CaTestPki.ecKey().getPublic(), "CN=acme", DIGITAL_SIGNATURE);

            var validated = TrustAnchors.of(List.of(root.certificate()))
                    .validate(List.of(leaf, intermediate.certificate(), root.certificate()), NOW);

            assertEquals(root.certificate(), validated.anchor());
        }

        @Test
        void the_subject_cn_as_participant_id_when_there_is_no_participant_uri() {
            HandMadeCa eidas = HandMadeCa.root("CN=Test eIDAS Seal CA");
            var leaf = eidas.leaf(CaTestPki.ecKey().getPublic(), "CN=Rijkswaterstaat, O=Rijkswaterstaat, C=NL",
                    DIGITAL_SIGNATURE);

            var validated = TrustAnchors.of(List.of(eidas.certificate())).validate(List.of(leaf), NOW);

            assertEquals("Rijkswaterstaat", validated.participantId());
        }

        @Test
        void a_certificate_at_the_last_second_of_its_validity() {
            var issued = issueAt(NOW, Duration.ofDays(1));

            assertEquals("acme", ANCHORS.validate(issued.chain(), NOW.plus(Duration.ofDays(1))).participantId());
        }
    }

    @Nested
    class ValidateRefuses {

        @Test
        void an_empty_chain() {
            var e = refused(ANCHORS, List.of(), NOW);
            assertEquals("empty chain: expected the participant's certificate first, then its CA certificates;"
                    + " found no certificates", e.getMessage());
        }

        @Test
        void a_null_chain() {
            assertMessageStarts("empty chain", refused(ANCHORS, null, NOW));
        }

        @Test
        void a_certificate_issued_by_an_untrusted_ca() {
            ExchangeCa other = ExchangeCa.selfSigned("Some Other CA", NOW);
            var issued = other.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), acme(), ONE_YEAR, NOW);

            var e = refused(ANCHORS, issued.chain(), NOW);

            assertMessageStarts("not issued by a trusted CA: expected the chain to end at one of 1 trust anchors"
                    + " [CN=Sluis Test CA, O=Sluis exchange], found certificate #1 issued by CN=Some Other CA,"
                    + " O=Sluis exchange", e);
        }

        @Test
        void a_certificate_from_an_impostor_ca_with_the_trusted_ca_name() {
            ExchangeCa impostor = ExchangeCa.selfSigned(CaTestPki.CA_NAME, NOW);
            var issued = impostor.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), acme(), ONE_YEAR, NOW);

            var e = refused(ANCHORS, List.of(issued.certificate()), NOW);

            assertMessageStarts("not issued by a trusted CA", e);
        }

        @Test
        void an_impostor_chain_that_presents_its_own_ca_certificate() {
            ExchangeCa impostor = ExchangeCa.selfSigned(CaTestPki.CA_NAME, NOW);
            var issued = impostor.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), acme(), ONE_YEAR, NOW);

            var e = refused(ANCHORS, issued.chain(), NOW);

            assertMessageStarts("not issued by a trusted CA", e);
        }

        @Test
        void a_certificate_whose_signature_was_tampered_with() {
            var issued = issueAt(NOW, ONE_YEAR);

            var e = refused(ANCHORS, List.of(CaTestPki.flipLastByte(issued.certificate())), NOW);

            assertMessageStarts("not issued by a trusted CA", e);
            assertTrue(e.getMessage().endsWith("whose signature does not verify with that anchor's key"), e.getMessage());
        }

        @Test
        void every_single_bit_flip_of_a_leaf_that_still_parses() throws Exception {
            byte[] der = issueAt(NOW, ONE_YEAR).certificate().getEncoded();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            int parsed = 0;
            for (int i = 0; i < der.length; i++) {
                byte[] mutated = der.clone();
                mutated[i] ^= 0x01;
                X509Certificate certificate;
                try {
                    certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(mutated));
                } catch (CertificateException e) {
                    continue; // refused before it could be presented
                }
                parsed++;
                int at = i;
                assertThrows(UntrustedCertificateException.class,
                        () -> ANCHORS.validate(List.of(certificate, CA.certificate()), NOW), () -> "byte " + at);
            }
            assertTrue(parsed > 100, "only " + parsed + " mutations parsed");
        }

        @Test
        void a_leaf_whose_signature_bit_string_claims_unused_bits() throws Exception {
            var leaf = issueAt(NOW, ONE_YEAR).certificate();
            byte[] der = leaf.getEncoded();
            int signatureBitString = der.length - leaf.getSignature().length - 1; // the unused-bits octet
            der[signatureBitString] = 0x01;
            var variant = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));

            var e = refused(ANCHORS, List.of(variant), NOW);

            assertMessageStarts("certificate #0 (CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678, C=NL) is not in"
                    + " canonical DER", e);
        }

        @Test
        void an_expired_certificate() {
            var issued = issueAt(NOW.minus(Duration.ofDays(2)), Duration.ofDays(1));

            var e = refused(ANCHORS, issued.chain(), NOW);

            assertEquals("certificate #0 (CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678, C=NL) has expired:"
                    + " expected validity at " + NOW + ", found it ended at " + NOW.minus(Duration.ofDays(1)),
                    e.getMessage());
        }

        @Test
        void a_certificate_that_is_not_yet_valid() {
            var issued = issueAt(NOW.plus(Duration.ofDays(1)), ONE_YEAR);

            var e = refused(ANCHORS, issued.chain(), NOW);

            assertEquals("certificate #0 (CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678, C=NL) is not yet valid:"
                    + " expected validity at " + NOW + ", found it starts at "
                    + NOW.plus(Duration.ofDays(1)).minus(ExchangeCa.CLOCK_SKEW), e.getMessage());
        }

        @Test
        void a_certificate_checked_one_second_after_it_ended() {
            var issued = issueAt(NOW, Duration.ofDays(1));

            var e = refused(ANCHORS, issued.chain(), NOW.plus(Duration.ofDays(1)).plusSeconds(1));

            assertTrue(e.getMessage().contains("has expired"), e.getMessage());
        }

        @Test
        void the_ca_certificate_presented_as_the_leaf() {
            var e = refused(ANCHORS, List.of(CA.certificate()), NOW);

            assertEquals("certificate #0 (CN=Sluis Test CA, O=Sluis exchange) is a CA certificate: expected the"
                    + " participant's own end-entity certificate as the leaf", e.getMessage());
        }

        @Test
        void a_chain_in_the_wrong_order() {
            var issued = issueAt(NOW, ONE_YEAR);
            List<X509Certificate> reversed = new ArrayList<>(issued.chain());
            Collections.reverse(reversed);

            var e = refused(ANCHORS, reversed, NOW);

            assertEquals("chain out of order: expected certificate #1 to be the issuer of certificate #0"
                    + " (CN=Sluis Test CA, O=Sluis exchange), found CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678,"
                    + " C=NL; the chain looks reversed, the leaf must come first", e.getMessage());
        }

        @Test
        void a_chain_with_an_unrelated_certificate_in_the_middle() {
            var issued = issueAt(NOW, ONE_YEAR);
            var unrelated = HandMadeCa.root("CN=Unrelated").certificate();

            var e = refused(ANCHORS, List.of(issued.certificate(), unrelated, CA.certificate()), NOW);

            assertMessageStarts("chain out of order: expected certificate #1 to be the issuer of certificate #0", e);
        }

        @Test
        void a_leaf_whose_key_usage_lacks_digital_signature() {
            HandMadeCa other = HandMadeCa.root("CN=Other");
            var leaf = other.leaf(CaTestPki.ecKey().getPublic(), "CN=acme",
                    extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment)), participantUris("acme"));

            var e = refused(TrustAnchors.of(List.of(other.certificate())), List.of(leaf), NOW);

            assertEquals("certificate #0 (CN=acme) may not sign: expected key usage digitalSignature, found a KeyUsage"
                    + " without it", e.getMessage());
        }

        @Test
        void a_leaf_without_key_usage() {
            HandMadeCa other = HandMadeCa.root("CN=Other");
            var leaf = other.leaf(CaTestPki.ecKey().getPublic(), "CN=acme");

            var e = refused(TrustAnchors.of(List.of(other.certificate())), List.of(leaf), NOW);

            assertTrue(e.getMessage().endsWith("found no KeyUsage extension"), e.getMessage());
        }

        @Test
        void a_leaf_with_two_participant_uris() {
            HandMadeCa other = HandMadeCa.root("CN=Other");
            var leaf = other.leaf(CaTestPki.ecKey().getPublic(), "CN=acme", DIGITAL_SIGNATURE,
                    participantUris("acme", "operator"));

            var e = refused(TrustAnchors.of(List.of(other.certificate())), List.of(leaf), NOW);

            assertEquals("certificate #0: expected at most one urn:sluis:participant: URI, found 2 [acme, operator]",
                    e.getMessage());
        }

        @Test
        void a_leaf_with_a_malformed_participant_uri() {
            HandMadeCa other = HandMadeCa.root("CN=Other");
            var leaf = other.leaf(CaTestPki.ecKey().getPublic(), "CN=acme", DIGITAL_SIGNATURE,
                    participantUris("Acme/../operator"));

            var e = refused(TrustAnchors.of(List.of(other.certificate())), List.of(leaf), NOW);

            assertMessageStarts("certificate #0: expected a participant id of [a-z0-9-]", e);
        }

        @Test
        void a_leaf_that_names_no_participant() {
            HandMadeCa other = HandMadeCa.root("CN=Other");
            var leaf = other.leaf(CaTestPki.ecKey().getPublic(), "O=Nameless B.V.", DIGITAL_SIGNATURE);

            var e = refused(TrustAnchors.of(List.of(other.certificate())), List.of(leaf), NOW);

            assertMessageStarts("certificate #0 (O=Nameless B.V.) names no participant", e);
        }

        @Test
        void a_chain_to_an_anchor_that_has_itself_expired() {
            HandMadeCa old = HandMadeCa.root("CN=Expired Root", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
            var leaf = old.leaf(CaTestPki.ecKey().getPublic(), "CN=acme", DIGITAL_SIGNATURE);

            var e = refused(TrustAnchors.of(List.of(old.certificate())), List.of(leaf), NOW);

            assertMessageStarts("trust anchor CN=Expired Root is not valid at " + NOW, e);
        }

        @Test
        void a_chain_longer_than_ten_certificates() {
            var leaf = issueAt(NOW, ONE_YEAR).certificate();

            var e = refused(ANCHORS, Collections.nCopies(11, leaf), NOW);

            assertEquals("chain too long: expected at most 10 certificates, found 11", e.getMessage());
        }
    }

    @Nested
    class Construction {

        @Test
        void refuses_no_anchors() {
            assertThrows(IllegalArgumentException.class, () -> TrustAnchors.of(List.of()));
        }

        @Test
        void refuses_an_end_entity_certificate_as_anchor() {
            var leaf = issueAt(NOW, ONE_YEAR).certificate();

            var e = assertThrows(IllegalArgumentException.class, () -> TrustAnchors.of(List.of(leaf)));

            assertMessageStarts("trust anchors: expected CA certificates (BasicConstraints CA:true), found CN=acme", e);
        }

        @Test
        void refuses_a_pem_file_with_an_end_entity_certificate() throws IOException {
            Path pem = Files.writeString(dir.resolve("leaf.pem"), issueAt(NOW, ONE_YEAR).pem());

            var e = assertThrows(IllegalArgumentException.class, () -> ANCHORS.withPemFile(pem));

            assertMessageStarts("trust anchor file " + pem + ": trust anchors: expected CA certificates", e);
        }

        @Test
        void refuses_a_pem_file_with_a_private_key() throws IOException {
            KeyPair key = CaTestPki.ecKey();
            Path pem = Files.writeString(dir.resolve("key.pem"), CsrBuilder.privateKeyPem(key.getPrivate(), null));

            var e = assertThrows(IllegalArgumentException.class, () -> ANCHORS.withPemFile(pem));

            assertEquals("trust anchor file " + pem + ": expected only CERTIFICATE blocks, found a PRIVATE KEY block"
                    + " (block #0)", e.getMessage());
        }

        @Test
        void refuses_a_pem_file_without_certificates() throws IOException {
            Path pem = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

            var e = assertThrows(IllegalArgumentException.class, () -> ANCHORS.withPemFile(pem));

            assertEquals("trust anchor file " + pem + ": expected at least one CERTIFICATE block, found none",
                    e.getMessage());
        }

        @Test
        void leaves_the_original_anchors_unchanged() throws IOException {
            Path pem = Files.writeString(dir.resolve("other.pem"), Pem.write(HandMadeCa.root("CN=Other").certificate()));

            ANCHORS.withPemFile(pem);

            assertEquals(List.of(CA.certificate()), ANCHORS.anchors());
        }

        @Test
        void merges_duplicate_anchors() {
            assertEquals(1, TrustAnchors.of(List.of(CA.certificate(), CA.certificate())).anchors().size());
        }
    }
}
