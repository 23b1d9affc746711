package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.core.identity.CaTestPki.CA_NAME;
import static org.sluis.core.identity.CaTestPki.NOW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.CaTestPki.HandMadeCa;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExchangeCaTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    /** Proves a CA holds the key of its certificate: what it issues verifies with that certificate. */
    private static void assertSignsWith(ExchangeCa ca, ExchangeCa expected) {
        var issued = ca.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), CaTestPki.acme(), Duration.ofDays(1), NOW);
        assertDoesNotThrow(() -> issued.certificate().verify(expected.certificate().getPublicKey()));
    }

    @Nested
    class CreateOrLoad {

        @Test
        void creates_ca_p12_readable_by_the_owner_only() throws IOException {
            ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            Path p12 = dir.resolve("ca.p12");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(p12));
        }

        @Test
        void leaves_no_temporary_file_behind() throws IOException {
            ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            try (var files = Files.list(dir)) {
                assertEquals(List.of(dir.resolve("ca.p12")), files.toList());
            }
        }

        @Test
        void creates_a_missing_directory() {
            Path nested = dir.resolve("data/ca");

            ExchangeCa.createOrLoad(nested, PASSWORD, CA_NAME);

            assertTrue(Files.exists(nested.resolve("ca.p12")));
        }

        @Test
        void returns_the_same_ca_when_called_twice() {
            ExchangeCa first = ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);
            ExchangeCa second = ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            assertEquals(first.certificate(), second.certificate());
            assertSignsWith(second, first);
        }

        @Test
        void gives_racing_callers_one_and_the_same_ca() throws Exception {
            int callers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ExchangeCa>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);
                    }));
                }
                start.countDown();
                ExchangeCa stored = null;
                for (Future<ExchangeCa> result : results) {
                    ExchangeCa ca = result.get(30, TimeUnit.SECONDS);
                    stored = stored == null ? ExchangeCa.load(dir.resolve("ca.p12"), PASSWORD) : stored;
                    assertEquals(stored.certificate(), ca.certificate());
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void uses_the_name_only_when_creating() {
            ExchangeCa first = ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            ExchangeCa second = ExchangeCa.createOrLoad(dir, PASSWORD, "Another name");

            assertEquals(first.certificate(), second.certificate());
        }

        @Test
        void refuses_a_wrong_password_with_a_clear_message() {
            ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            var e = assertThrows(CaLoadException.class,
                    () -> ExchangeCa.createOrLoad(dir, "wrong".toCharArray(), CA_NAME));

            assertEquals("cannot open the CA key store " + dir.resolve("ca.p12")
                    + ": wrong password (or the file was altered)", e.getMessage());
        }

        @Test
        void refuses_a_damaged_key_store() throws IOException {
            Files.writeString(dir.resolve("ca.p12"), "not PKCS#12");

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME));

            assertTrue(e.getMessage().endsWith("expected a PKCS#12 file, found one that does not parse"),
                    e.getMessage());
        }

        @Test
        void refuses_an_empty_password() {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ExchangeCa.createOrLoad(dir, new char[0], CA_NAME));
            assertEquals("password: expected a non-empty password, found an empty one", e.getMessage());
        }

        @Test
        void refuses_a_blank_or_overlong_name() {
            assertThrows(IllegalArgumentException.class, () -> ExchangeCa.createOrLoad(dir, PASSWORD, ""));
            assertThrows(IllegalArgumentException.class, () -> ExchangeCa.createOrLoad(dir, PASSWORD, "x".repeat(65)));
            assertFalse(Files.exists(dir.resolve("ca.p12")));
        }
    }

    @Nested
    class CaCertificate {

        private ExchangeCa ca;

        @BeforeEach
        void createCa() {
            ca = ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);
        }

        @Test
        void is_self_signed_with_the_given_name() throws Exception {
            var certificate = ca.certificate();

            assertEquals(new X500Principal("CN=Sluis Test CA, O=Sluis exchange"), certificate.getSubjectX500Principal());
            assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
            certificate.verify(certificate.getPublicKey());
        }

        @Test
        void is_a_ca_with_path_length_zero_that_signs_certificates_and_crls() throws Exception {
            var holder = new JcaX509CertificateHolder(ca.certificate());

            BasicConstraints constraints = BasicConstraints.fromExtensions(holder.getExtensions());
            assertTrue(constraints.isCA());
            assertEquals(0, constraints.getPathLenConstraint().intValue());
            assertTrue(holder.getExtension(Extension.basicConstraints).isCritical());
            assertEquals(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), KeyUsage.fromExtensions(holder.getExtensions()));
            assertTrue(holder.getExtension(Extension.keyUsage).isCritical());
        }

        @Test
        void has_a_subject_key_identifier_of_its_key() throws Exception {
            var holder = new JcaX509CertificateHolder(ca.certificate());

            SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(holder.getExtensions());
            byte[] keyBits = holder.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(keyBits), ski.getKeyIdentifier());
            assertFalse(holder.getExtension(Extension.subjectKeyIdentifier).isCritical());
        }

        @Test
        void has_an_ec_p256_key() throws Exception {
            var params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            var p256 = params.getParameterSpec(ECParameterSpec.class);

            var key = (ECPublicKey) ca.certificate().getPublicKey();
            assertEquals(p256.getOrder(), key.getParams().getOrder());
            assertEquals("SHA256withECDSA", ca.certificate().getSigAlgName());
        }

        @Test
        void is_valid_for_ten_years() {
            Instant notBefore = ca.certificate().getNotBefore().toInstant();
            Instant notAfter = ca.certificate().getNotAfter().toInstant();

            Instant created = notBefore.plus(ExchangeCa.CLOCK_SKEW);
            assertEquals(created.atOffset(ZoneOffset.UTC).plusYears(10).toInstant(), notAfter);
            assertTrue(Duration.between(created, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
        }

        @Test
        void is_the_whole_chain_of_a_self_made_ca() {
            assertEquals(List.of(ca.certificate()), ca.chain());
        }

        @Test
        void is_all_that_toString_shows() {
            assertTrue(ca.toString().startsWith("ExchangeCa[CN=Sluis Test CA, O=Sluis exchange, sha256="), ca.toString());
        }
    }

    @Nested
    class Load {

        @Test
        void loads_the_key_store_createOrLoad_wrote() {
            ExchangeCa created = ExchangeCa.createOrLoad(dir, PASSWORD, CA_NAME);

            ExchangeCa loaded = ExchangeCa.load(dir.resolve("ca.p12"), PASSWORD);

            assertEquals(created.certificate(), loaded.certificate());
            assertSignsWith(loaded, created);
        }

        @Test
        void names_a_missing_file() {
            Path missing = dir.resolve("nope.p12");

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.load(missing, PASSWORD));

            assertEquals("cannot read the CA key store " + missing + ": no such file", e.getMessage());
        }
    }

    @Nested
    class LoadPem {

        private final HandMadeCa operatorCa = HandMadeCa.root("CN=Operator CA, O=Gemeente Amsterdam, C=NL");

        private Path write(String name, String content) throws IOException {
            return Files.writeString(dir.resolve(name), content);
        }

        private Path certPem() throws IOException {
            return write("ca.crt", Pem.write(operatorCa.certificate()));
        }

        @Test
        void loads_an_unencrypted_pkcs8_key() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), null));
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));

            ExchangeCa ca = ExchangeCa.loadPem(key, certPem());

            assertEquals(operatorCa.certificate(), ca.certificate());
            var issued = ca.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), CaTestPki.acme(), Duration.ofDays(1), NOW);
            assertDoesNotThrow(() -> issued.certificate().verify(operatorCa.certificate().getPublicKey()));
        }

        @Test
        void loads_an_encrypted_pkcs8_key_with_its_password() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), PASSWORD));
            assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));

            ExchangeCa ca = ExchangeCa.loadPem(key, certPem(), PASSWORD);

            var issued = ca.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), CaTestPki.acme(), Duration.ofDays(1), NOW);
            assertDoesNotThrow(() -> issued.certificate().verify(operatorCa.certificate().getPublicKey()));
        }

        @Test
        void refuses_an_encrypted_key_with_a_wrong_password() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), PASSWORD));

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, certPem(), "wrong".toCharArray()));

            assertEquals("CA key " + key + ": cannot decrypt the ENCRYPTED PRIVATE KEY: wrong password, or an"
                    + " unsupported encryption scheme", e.getMessage());
        }

        @Test
        void refuses_an_encrypted_key_without_a_password() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), PASSWORD));

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, certPem()));

            assertTrue(e.getMessage().endsWith("expected a password for the ENCRYPTED PRIVATE KEY, found none"),
                    e.getMessage());
        }

        @Test
        void loads_a_traditional_openssl_ec_key() throws IOException {
            String pem = CaTestPki.traditionalEcKeyPem(operatorCa.key().getPrivate());
            Path key = write("ca.key", pem);
            assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem);

            assertEquals(operatorCa.certificate(), ExchangeCa.loadPem(key, certPem()).certificate());
        }

        @Test
        void refuses_a_key_that_does_not_belong_to_the_certificate() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(CaTestPki.ecKey().getPrivate(), null));
            Path cert = certPem();

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, cert));

            assertEquals(cert + ": expected the private key of the CA certificate "
                    + "CN=Operator CA, O=Gemeente Amsterdam, C=NL, found a different key", e.getMessage());
        }

        @Test
        void refuses_a_certificate_that_is_not_a_ca() throws IOException {
            var leafKey = CaTestPki.ecKey();
            var leaf = operatorCa.leaf(leafKey.getPublic(), "CN=not-a-ca");
            Path key = write("leaf.key", CsrBuilder.privateKeyPem(leafKey.getPrivate(), null));
            Path cert = write("leaf.crt", Pem.write(leaf));

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, cert));

            assertEquals(cert + ": expected a CA certificate (BasicConstraints CA:true), found CN=not-a-ca without it",
                    e.getMessage());
        }

        @Test
        void keeps_the_operator_chain_for_issued_certificates() throws IOException {
            HandMadeCa issuing = operatorCa.intermediate("CN=Operator Issuing CA");
            Path key = write("ca.key", CsrBuilder.privateKeyPem(issuing.key().getPrivate(), null));
            Path cert = write("ca.crt", Pem.write(issuing.certificate()) + Pem.write(operatorCa.certificate()));

            ExchangeCa ca = ExchangeCa.loadPem(key, cert);
            var issued = ca.issue(CsrBuilder.csr(CaTestPki.ecKey(), "acme"), CaTestPki.acme(), Duration.ofDays(1), NOW);

            assertEquals(List.of(issued.certificate(), issuing.certificate(), operatorCa.certificate()), issued.chain());
            var validated = TrustAnchors.of(List.of(operatorCa.certificate())).validate(issued.chain(), NOW);
            assertEquals("acme", validated.participantId());
        }

        @Test
        void refuses_a_certificate_file_in_the_wrong_order() throws IOException {
            HandMadeCa issuing = operatorCa.intermediate("CN=Operator Issuing CA");
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), null));
            Path cert = write("ca.crt", Pem.write(operatorCa.certificate()) + Pem.write(issuing.certificate()));

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, cert));

            assertTrue(e.getMessage().contains("expected certificate #1 to be the issuer of certificate #0"),
                    e.getMessage());
        }

        @Test
        void refuses_a_certificate_file_holding_a_key() throws IOException {
            Path key = write("ca.key", CsrBuilder.privateKeyPem(operatorCa.key().getPrivate(), null));

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(key, key));

            assertEquals("CA certificate " + key + ": expected only CERTIFICATE blocks, found a PRIVATE KEY block"
                    + " (block #0)", e.getMessage());
        }

        @Test
        void names_an_unreadable_file() {
            Path missing = dir.resolve("missing.key");

            var e = assertThrows(CaLoadException.class, () -> ExchangeCa.loadPem(missing, missing));

            assertEquals("cannot read the CA key " + missing + ": no such file", e.getMessage());
        }
    }
}
