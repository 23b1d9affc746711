package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.CaTestPki.NOW;
import static org.sluis.core.identity.CaTestPki.ONE_YEAR;
import static org.sluis.core.identity.CaTestPki.acme;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExchangeCaIssueTest {

    private static final ExchangeCa CA = ExchangeCa.selfSigned(CaTestPki.CA_NAME, NOW);
    private static final X500Principal ACME =
            new X500Principal("CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678, C=NL");

    private static IssuedCertificate issue(String csr) {
        return CA.issue(csr, acme(), ONE_YEAR, NOW);
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class IssueForAnEcKey {

        private final KeyPair key = CaTestPki.ecKey();
        private final IssuedCertificate issued = issue(CsrBuilder.csr(key, "acme"));
        private final X509Certificate certificate = issued.certificate();

        @Test
        void names_the_participant_as_the_exchange_decided() {
            assertEquals(ACME, certificate.getSubjectX500Principal());
            assertEquals(CA.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        }

        @Test
        void certifies_the_csr_public_key() {
            assertEquals(key.getPublic(), certificate.getPublicKey());
        }

        @Test
        void is_signed_by_the_ca_with_sha256_ecdsa() throws Exception {
            certificate.verify(CA.certificate().getPublicKey());
            assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        }

        @Test
        void is_valid_from_five_minutes_before_now_for_the_requested_duration() {
            assertEquals(NOW.minus(Duration.ofMinutes(5)), certificate.getNotBefore().toInstant());
            assertEquals(NOW.plus(ONE_YEAR), certificate.getNotAfter().toInstant());
        }

        @Test
        void has_a_positive_serial_of_at_most_128_bits() {
            BigInteger serial = certificate.getSerialNumber();
            assertEquals(1, serial.signum());
            assertTrue(serial.bitLength() <= 128, serial.toString(16));
        }

        @Test
        void gets_a_fresh_serial_each_time() {
            var again = issue(CsrBuilder.csr(key, "acme"));
            assertNotEquals(certificate.getSerialNumber(), again.certificate().getSerialNumber());
        }

        @Test
        void is_not_a_ca_and_says_so_critically() {
            assertEquals(-1, certificate.getBasicConstraints());
            assertTrue(holder(certificate).getExtension(Extension.basicConstraints).isCritical());
        }

        @Test
        void may_only_sign_and_says_so_critically() {
            assertEquals(new KeyUsage(KeyUsage.digitalSignature), KeyUsage.fromExtensions(holder(certificate).getExtensions()));
            assertTrue(holder(certificate).getExtension(Extension.keyUsage).isCritical());
        }

        @Test
        void marks_only_basic_constraints_and_key_usage_critical() {
            assertEquals(Set.of("2.5.29.19", "2.5.29.15"), certificate.getCriticalExtensionOIDs());
        }

        @Test
        void is_for_client_authentication() throws Exception {
            assertEquals(List.of("1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage());
        }

        @Test
        void carries_the_participant_urn_as_its_only_subject_alternative_name() throws Exception {
            assertEquals(List.of(List.of(6, "urn:sluis:participant:acme")),
                    List.copyOf(certificate.getSubjectAlternativeNames()));
        }

        @Test
        void identifies_its_key_and_the_ca_key() throws Exception {
            var extensions = holder(certificate).getExtensions();
            byte[] keyBits = holder(certificate).getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            byte[] caKeyId = SubjectKeyIdentifier.fromExtensions(holder(CA.certificate()).getExtensions()).getKeyIdentifier();

            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(keyBits),
                    SubjectKeyIdentifier.fromExtensions(extensions).getKeyIdentifier());
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(extensions);
            assertArrayEquals(caKeyId, aki.getKeyIdentifierOctets());
            assertNull(aki.getAuthorityCertIssuer());
        }

        @Test
        void comes_with_the_chain_to_present_leaf_first() {
            assertEquals(List.of(certificate, CA.certificate()), issued.chain());
            assertEquals(List.of(Pem.write(certificate), Pem.write(CA.certificate())), issued.chainPem());
        }

        @Test
        void its_pem_reads_back_to_the_same_certificate() {
            assertTrue(issued.pem().startsWith("-----BEGIN CERTIFICATE-----\n"), issued.pem());
            assertEquals(List.of(certificate), Pem.readCertificates(issued.pem()));
        }

        @Test
        void its_fingerprint_is_the_sha256_of_the_der() throws Exception {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            assertEquals(HexFormat.of().formatHex(digest), issued.sha256Hex());
        }

        @Test
        void validates_through_the_trust_anchors_to_the_participant_id() {
            var validated = TrustAnchors.of(CA).validate(issued.chain(), NOW);

            assertEquals("acme", validated.participantId());
            assertEquals(CA.certificate(), validated.anchor());
            assertEquals(certificate, validated.leaf());
        }
    }

    @Nested
    class IssueForAnRsaKey {

        @Test
        void certifies_an_rsa_3072_key_and_validates() throws Exception {
            var issued = issue(CsrBuilder.csr(CaTestPki.rsaKey(), "acme"));

            assertEquals(CaTestPki.rsaKey().getPublic(), issued.certificate().getPublicKey());
            assertEquals("SHA256withECDSA", issued.certificate().getSigAlgName());
            assertEquals("acme", TrustAnchors.of(CA).validate(issued.chain(), NOW).participantId());
        }

        @Test
        void certifies_a_csr_signed_with_sha512_rsa() {
            String csr = CaTestPki.csr(CaTestPki.rsaKey(), "CN=acme", "SHA512withRSA", null, null);

            assertEquals(ACME, issue(csr).certificate().getSubjectX500Principal());
        }
    }

    @Nested
    class IgnoresWhatTheCsrAsksFor {

        private final IssuedCertificate issued = issue(CaTestPki.csr(CaTestPki.ecKey(), "CN=operator, O=Sluis exchange, C=NL",
                "SHA256withECDSA", null, greedyExtensions()));

        private static Extensions greedyExtensions() {
            try {
                var generator = new ExtensionsGenerator();
                generator.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                generator.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                generator.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.uniformResourceIdentifier, "urn:sluis:participant:operator"),
                    new GeneralName(GeneralName.dNSName, "exchange.sluis.example")}));
                return generator.generate();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Test
        void the_requested_subject() {
            assertEquals(ACME, issued.certificate().getSubjectX500Principal());
        }

        @Test
        void a_requested_ca_flag() {
            assertEquals(-1, issued.certificate().getBasicConstraints());
        }

        @Test
        void a_requested_key_usage() {
            assertEquals(new KeyUsage(KeyUsage.digitalSignature),
                    KeyUsage.fromExtensions(holder(issued.certificate()).getExtensions()));
        }

        @Test
        void requested_subject_alternative_names() throws Exception {
            assertEquals(List.of(List.of(6, "urn:sluis:participant:acme")),
                    List.copyOf(issued.certificate().getSubjectAlternativeNames()));
        }

        @Test
        void and_trust_anchors_see_the_exchange_given_id() {
            assertEquals("acme", TrustAnchors.of(CA).validate(issued.chain(), NOW).participantId());
        }
    }

    @Nested
    class RefusesTheCsr {

        private void assertRefused(String csr, String expectedMessage) {
            var e = assertThrows(CsrException.class, () -> issue(csr));
            assertTrue(e.getMessage().startsWith(expectedMessage), e.getMessage());
        }

        @Test
        void when_its_signature_was_tampered_with() {
            String tampered = CaTestPki.flipLastByte(CsrBuilder.csr(CaTestPki.ecKey(), "acme"));

            assertRefused(tampered, "CSR signature does not verify: expected a signature by the private key of the"
                    + " CSR's public key (proof of possession)");
        }

        @Test
        void when_an_rsa_signature_was_tampered_with() {
            String tampered = CaTestPki.flipLastByte(CsrBuilder.csr(CaTestPki.rsaKey(), "acme"));

            assertRefused(tampered, "CSR signature does not verify");
        }

        @Test
        void when_it_was_signed_by_another_key_than_it_certifies() {
            // Splice: the public key of one CSR with the signature of another.
            String mine = CsrBuilder.csr(CaTestPki.ecKey(), "acme");
            String theirs = CsrBuilder.csr(CaTestPki.ecKey(), "acme");
            var signed = CertificationRequest.getInstance(Pem.readOneBlock(theirs).getContent());
            var m = new CertificationRequest(
                    CertificationRequest.getInstance(Pem.readOneBlock(mine).getContent()).getCertificationRequestInfo(),
                    signed.getSignatureAlgorithm(), signed.getSignature());
            String spliced = Pem.write(new PKCS10CertificationRequest(m));

            assertRefused(spliced, "CSR signature does not verify");
        }

        @ParameterizedTest
        @ValueSource(strings = {"EC", "RSA"})
        void when_any_single_character_of_it_was_changed(String keyType) {
            KeyPair key = keyType.equals("EC") ? CaTestPki.ecKey() : CaTestPki.rsaKey();
            String csr = CsrBuilder.csr(key, "acme");
            byte[] original = Pem.readOneBlock(csr).getContent();
            int mutations = 0;
            for (int i = csr.indexOf('\n') + 1; i < csr.lastIndexOf("-----END"); i++) {
                char c = csr.charAt(i);
                if (c == '\n' || c == '=') {
                    continue;
                }
                String mutated = csr.substring(0, i) + (c == 'A' ? 'B' : 'A') + csr.substring(i + 1);
                if (decodesTo(mutated, original)) {
                    continue; // a base64 digit whose changed bits are padding: same DER, same CSR
                }
                mutations++;
                int at = i;
                assertThrows(CsrException.class, () -> issue(mutated), () -> "character " + at + " changed");
            }
            assertTrue(mutations > 100, "only " + mutations + " mutations tried");
        }

        private boolean decodesTo(String pem, byte[] der) {
            try {
                return Arrays.equals(der, Pem.readOneBlock(pem).getContent());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Test
        void when_its_unsigned_signature_algorithm_field_carries_parameters() {
            var original = CertificationRequest.getInstance(
                    Pem.readOneBlock(CsrBuilder.csr(CaTestPki.rsaKey(), "acme")).getContent());
            var padded = new CertificationRequest(original.getCertificationRequestInfo(),
                    new AlgorithmIdentifier(original.getSignatureAlgorithm().getAlgorithm(), new DEROctetString(new byte[0])),
                    original.getSignature());

            assertRefused(Pem.write(new PKCS10CertificationRequest(padded)), "malformed CSR signature algorithm: expected"
                    + " SHA256WITHRSA with NULL or no parameters, found #");
        }

        @Test
        void when_its_rsa_key_has_1024_bits() {
            String csr = CaTestPki.csr(CaTestPki.key("RSA", 1024), "CN=acme", "SHA256withRSA", null, null);

            assertRefused(csr, "RSA key too weak: expected at least 2048 bits, found 1024");
        }

        @Test
        void when_its_ec_key_is_on_secp256k1() {
            String csr = CaTestPki.csr(CaTestPki.secp256k1Key(), "CN=acme", "SHA256withECDSA", BouncyCastle.PROVIDER, null);

            assertRefused(csr, "unsupported EC curve: expected P-256 (secp256r1) or P-384 (secp384r1), found secp256k1");
        }

        @Test
        void when_its_key_is_neither_ec_nor_rsa() {
            String csr = CaTestPki.csr(CaTestPki.key("Ed25519", 255), "CN=acme", "Ed25519", null, null);

            assertRefused(csr, "unsupported key algorithm: expected EC (P-256, P-384) or RSA (at least 2048 bits), found");
        }

        @Test
        void when_it_is_signed_with_sha1() {
            String csr = CaTestPki.csr(CaTestPki.rsaKey(), "CN=acme", "SHA1withRSA", null, null);

            assertRefused(csr, "unsupported CSR signature algorithm: expected ECDSA or RSA PKCS#1 v1.5 with SHA-256,"
                    + " SHA-384 or SHA-512, found SHA1WITHRSA");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "hello", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"})
        void when_it_is_not_pem(String garbage) {
            assertRefused(garbage, "malformed CSR PEM: expected a PEM block starting with a '-----BEGIN …-----' line,"
                    + " found no BEGIN line");
        }

        @Test
        void when_its_base64_is_broken() {
            assertRefused("-----BEGIN CERTIFICATE REQUEST-----\nMII$%^&*\n-----END CERTIFICATE REQUEST-----\n",
                    "malformed CSR PEM: expected a well-formed PEM block, found:");
        }

        @Test
        void when_its_end_line_does_not_match() {
            assertRefused("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE-----\n",
                    "malformed CSR PEM: expected a well-formed PEM block");
        }

        @Test
        void when_its_der_is_not_a_certification_request() {
            String pem = "-----BEGIN CERTIFICATE REQUEST-----\nAAECAwQFBgcICQ==\n-----END CERTIFICATE REQUEST-----\n";

            assertRefused(pem, "malformed CSR: expected a DER PKCS#10 CertificationRequest, found bytes that do not parse");
        }

        @Test
        void when_its_der_has_trailing_bytes() {
            byte[] der = Pem.readOneBlock(CsrBuilder.csr(CaTestPki.ecKey(), "acme")).getContent();
            byte[] longer = Arrays.copyOf(der, der.length + 2);
            String pem = Pem.write(new PemObject("CERTIFICATE REQUEST", longer));

            assertRefused(pem, "malformed CSR: expected a DER PKCS#10 CertificationRequest");
        }

        @Test
        void when_it_holds_two_pem_blocks() {
            String two = CsrBuilder.csr(CaTestPki.ecKey(), "acme") + CsrBuilder.csr(CaTestPki.ecKey(), "acme");

            assertRefused(two, "malformed CSR PEM: expected exactly one PEM block, found 2 BEGIN lines");
        }

        @Test
        void when_garbage_trails_the_pem_block() {
            assertRefused(CsrBuilder.csr(CaTestPki.ecKey(), "acme") + "garbage",
                    "malformed CSR PEM: expected nothing but whitespace after the END line, found 7 characters of"
                            + " trailing data");
        }

        @Test
        void when_text_precedes_the_pem_block() {
            assertRefused("Subject: CN=acme\n" + CsrBuilder.csr(CaTestPki.ecKey(), "acme"),
                    "malformed CSR PEM: expected nothing but whitespace before the BEGIN line, found 17 characters");
        }

        @Test
        void when_the_pem_block_is_a_certificate() {
            assertRefused(Pem.write(CA.certificate()),
                    "expected a CERTIFICATE REQUEST PEM block, found a CERTIFICATE block");
        }

        @Test
        void when_it_is_larger_than_64_kib() {
            String huge = CsrBuilder.csr(CaTestPki.ecKey(), "acme") + " ".repeat(64 * 1024);

            assertRefused(huge, "CSR too large: expected at most 65536 characters, found");
        }

        @Test
        void when_it_is_null() {
            assertRefused(null, "expected a PEM CSR, found null");
        }

        @Test
        void surrounding_whitespace_is_fine() {
            String csr = "\n\n  " + CsrBuilder.csr(CaTestPki.ecKey(), "acme") + "\n\n";

            assertEquals(ACME, issue(csr).certificate().getSubjectX500Principal());
        }

        @Test
        void the_legacy_new_certificate_request_label_is_fine() {
            String csr = CsrBuilder.csr(CaTestPki.ecKey(), "acme").replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

            assertEquals(ACME, issue(csr).certificate().getSubjectX500Principal());
        }
    }

    @Nested
    class RefusesTheArguments {

        private final String csr = CsrBuilder.csr(CaTestPki.ecKey(), "acme");

        @Test
        void a_zero_validity() {
            var e = assertThrows(IllegalArgumentException.class, () -> CA.issue(csr, acme(), Duration.ZERO, NOW));
            assertEquals("validity: expected a positive duration, found PT0S", e.getMessage());
        }

        @Test
        void a_validity_that_outlasts_the_ca() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> CA.issue(csr, acme(), Duration.ofDays(3700), NOW));
            assertTrue(e.getMessage().startsWith("validity: expected the certificate to end by "), e.getMessage());
        }

        @Test
        void a_validity_so_long_it_would_overflow() {
            assertThrows(IllegalArgumentException.class,
                    () -> CA.issue(csr, acme(), Duration.ofSeconds(Long.MAX_VALUE), NOW));
        }
    }
}
