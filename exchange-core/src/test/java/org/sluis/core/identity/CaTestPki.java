package org.sluis.core.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Keys, CSRs and hand-made CAs for the tests: real keys and real Bouncy Castle, nothing mocked. */
final class CaTestPki {

    static final String CA_NAME = "Sluis Test CA";
    static final Duration ONE_YEAR = Duration.ofDays(365);
    /** A fixed whole-second issuing time, so expected validity bounds are exact. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static final AtomicLong SERIALS = new AtomicLong(1);
    private static KeyPair rsaKey;

    private CaTestPki() {
    }

    static ParticipantSubject acme() {
        return new ParticipantSubject("acme", "Acme Health B.V.", "12345678", "NL-NH");
    }

    static KeyPair ecKey() {
        return CsrBuilder.generateKey("EC");
    }

    /** RSA 3072 generation takes a while; the tests share one key. */
    static synchronized KeyPair rsaKey() {
        if (rsaKey == null) {
            rsaKey = CsrBuilder.generateKey("RSA");
        }
        return rsaKey;
    }

    static KeyPair key(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK dropped secp256k1 in JDK 16, so this one comes from Bouncy Castle. */
    static KeyPair secp256k1Key() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256k1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR with any subject, signature algorithm and requested extensions (null for none). */
    static String csr(KeyPair key, String subject, String signatureAlgorithm, Provider provider, Extensions requested) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(name(subject), key.getPublic());
            if (requested != null) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested);
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm);
            if (provider != null) {
                signer.setProvider(provider);
            }
            return Pem.write(builder.build(signer.build(key.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips the last byte of a PEM block's DER: for a CSR or certificate, a byte of the signature. */
    static String flipLastByte(String pem) {
        PemObject block = Pem.readOneBlock(pem);
        byte[] der = block.getContent();
        der[der.length - 1] ^= 0x01;
        return Pem.write(new PemObject(block.getType(), der));
    }

    static X509Certificate flipLastByte(X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            der[der.length - 1] ^= 0x01;
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses an RFC 4514 name the way the JDK does, so it prints back in the order written (CN first). */
    static X500Name name(String rfc4514) {
        return X500Name.getInstance(new X500Principal(rfc4514).getEncoded());
    }

    /** The traditional OpenSSL "EC PRIVATE KEY" (RFC 5915) with the curve inside, as 'openssl ecparam -genkey' writes it. */
    static String traditionalEcKeyPem(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.getPrivateKey().getOctets());
        ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters());
        try {
            return Pem.write(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return Extension.create(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CA made by hand, so tests can issue certificates the exchange CA never would. */
    record HandMadeCa(KeyPair key, X509Certificate certificate) {

        static HandMadeCa root(String subject) {
            return root(subject, NOW.minus(Duration.ofDays(1)), NOW.plus(ONE_YEAR));
        }

        static HandMadeCa root(String subject, Instant notBefore, Instant notAfter) {
            KeyPair key = ecKey();
            return new HandMadeCa(key, selfIssue(key, subject, notBefore, notAfter));
        }

        HandMadeCa intermediate(String subject) {
            KeyPair intermediateKey = ecKey();
            return new HandMadeCa(intermediateKey, issue(intermediateKey.getPublic(), subject,
                    NOW.minus(Duration.ofDays(1)), NOW.plus(ONE_YEAR), caExtensions()));
        }

        /** A leaf valid from yesterday for thirty days, with exactly the given extensions. */
        X509Certificate leaf(PublicKey subjectKey, String subject, Extension... extensions) {
            return issue(subjectKey, subject, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), extensions);
        }

        X509Certificate issue(PublicKey subjectKey, String subject, Instant notBefore, Instant notAfter,
                Extension... extensions) {
            return sign(key, new JcaX509v3CertificateBuilder(certificate, BigInteger.valueOf(SERIALS.getAndIncrement()),
                    Date.from(notBefore), Date.from(notAfter), name(subject), subjectKey), extensions);
        }

        private static X509Certificate selfIssue(KeyPair key, String subject, Instant notBefore, Instant notAfter) {
            X500Name name = name(subject);
            return sign(key, new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIALS.getAndIncrement()),
                    Date.from(notBefore), Date.from(notAfter), name, key.getPublic()), caExtensions());
        }

        private static Extension[] caExtensions() {
            return new Extension[] {
                extension(Extension.basicConstraints, true, new BasicConstraints(true)),
                extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            };
        }

        private static X509Certificate sign(KeyPair key, JcaX509v3CertificateBuilder builder, Extension... extensions) {
            try {
                for (Extension e : extensions) {
                    builder.addExtension(e);
                }
                return new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
            } catch (CertIOException | OperatorCreationException | CertificateException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
