package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CsrBuilderTest {

    @Nested
    class GenerateKey {

        @Test
        void ec_gives_a_p256_key() {
            var key = (ECPublicKey) CsrBuilder.generateKey("EC").getPublic();
            assertEquals(256, key.getParams().getOrder().bitLength());
            assertEquals(SECObjectIdentifiers.secp256r1, curveOf(key));
        }

        @Test
        void rsa_gives_a_3072_bit_key() {
            var key = (RSAPublicKey) CaTestPki.rsaKey().getPublic();
            assertEquals(3072, key.getModulus().bitLength());
        }

        @Test
        void the_type_is_case_insensitive() {
            assertEquals("EC", CsrBuilder.generateKey("ec").getPublic().getAlgorithm());
        }

        @Test
        void refuses_other_types() {
            var e = assertThrows(IllegalArgumentException.class, () -> CsrBuilder.generateKey("DSA"));
            assertEquals("key type: expected EC or RSA, found \"DSA\"", e.getMessage());
        }
    }

    @Nested
    class Csr {

        @Test
        void asks_for_just_the_participant_id_and_is_signed_by_the_key() throws Exception {
            var key = CaTestPki.ecKey();

            var csr = new PKCS10CertificationRequest(Pem.readOneBlock(CsrBuilder.csr(key, "acme")).getContent());

            assertEquals(new X500Name("CN=acme"), csr.getSubject());
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key.getPublic())));
        }

        @Test
        void is_one_certificate_request_pem_block() {
            String pem = CsrBuilder.csr(CaTestPki.ecKey(), "acme");

            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"), pem);
            assertTrue(pem.endsWith("-----END CERTIFICATE REQUEST-----\n"), pem);
        }

        @Test
        void passes_the_exchange_checks_for_rsa_too() {
            CsrVerifier.verify(CsrBuilder.csr(CaTestPki.rsaKey(), "acme"));
        }

        @Test
        void refuses_a_malformed_participant_id() {
            assertThrows(IllegalArgumentException.class, () -> CsrBuilder.csr(CaTestPki.ecKey(), "CN=acme"));
        }
    }

    @Nested
    class PrivateKeyPem {

        @Test
        void reads_back_to_the_same_key_unencrypted_and_encrypted() {
            var key = CaTestPki.ecKey().getPrivate();
            char[] password = "s3cret-passphrase".toCharArray();

            assertEquals(key, Pem.readPrivateKey(CsrBuilder.privateKeyPem(key, null), null));
            assertEquals(key, Pem.readPrivateKey(CsrBuilder.privateKeyPem(key, password), password));
        }

        @Test
        void refuses_an_empty_password() {
            assertThrows(IllegalArgumentException.class,
                    () -> CsrBuilder.privateKeyPem(CaTestPki.ecKey().getPrivate(), new char[0]));
        }
    }

    /** Reads the named-curve OID from the key's encoding, independent of the code under test. */
    private static Object curveOf(ECPublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
    }
}
