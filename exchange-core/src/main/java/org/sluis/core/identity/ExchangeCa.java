package org.sluis.core.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The exchange's own certificate authority: it turns an onboarding CSR into an X.509 certificate
 * (RFC 5280) that names the participant, with a subject the exchange decides.
 *
 * <p>Participant certificates carry {@code CN=<id>, O=<legal name>, SERIALNUMBER=<registration>,
 * C=<country>}, a SAN URI {@code urn:sluis:participant:<id>}, BasicConstraints CA:false and
 * KeyUsage digitalSignature (both critical), ExtendedKeyUsage clientAuth, and subject and
 * authority key identifiers (RFC 5280 §4.2.1.2 method 1). Validity starts five minutes before
 * the issuing time to absorb clock skew, and never ends after the CA certificate does.
 *
 * <p>Instances are immutable and safe to share between threads. The private key never leaves the
 * instance.
 */
public final class ExchangeCa {

    /** File name of the CA key store inside the directory given to {@link #createOrLoad}. */
    public static final String KEY_STORE_FILE = "ca.p12";
    /** Scheme and namespace of the participant URI in the subject alternative name. */
    public static final String PARTICIPANT_URI_PREFIX = "urn:sluis:participant:";
    /** How far validity is backdated, for participants whose clocks run behind. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    static final String ORGANISATION = "Sluis exchange";
    private static final int CA_YEARS = 10;
    private static final int MAX_CA_NAME = 64; // ub-common-name, RFC 5280 Appendix A

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X500Name issuer;
    private final byte[] authorityKeyId;
    private final String signatureAlgorithm;
    private final SecureRandom random = new SecureRandom();

    private ExchangeCa(PrivateKey key, List<X509Certificate> chain, String source) {
        this.key = key;
        this.chain = List.copyOf(chain);
        X509Certificate certificate = this.chain.get(0);
        requireCaCertificate(certificate, source);
        requireOrdered(this.chain, source);
        this.signatureAlgorithm = signatureAlgorithm(certificate.getPublicKey(), source);
        requireKeyMatches(key, certificate, signatureAlgorithm, source);
        try {
            X509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
            this.issuer = holder.getSubject();
            SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(holder.getExtensions());
            this.authorityKeyId = ski != null ? ski.getKeyIdentifier() : keyIdentifier(holder.getSubjectPublicKeyInfo());
        } catch (CertificateException e) {
            throw new CaLoadException(source + ": expected a DER X.509 CA certificate, found one that does not parse", e);
        }
    }

    /**
     * Loads the CA from {@code <dir>/ca.p12}, or on first use creates it: an EC P-256 key and a
     * self-signed certificate {@code CN=<name>, O=Sluis exchange} (CA:true, pathLen 0, keyCertSign
     * and cRLSign, valid ten years), stored as PKCS#12 protected by {@code password} with file mode
     * 0600. The directory is created if missing.
     *
     * @param dir the exchange's data directory for CA material
     * @param password protects the key store; not retained and not cleared
     * @param name the CA's common name, 1..64 printable characters; used only when creating
     * @return the CA, the same one on every call with the same directory
     * @throws CaLoadException if an existing key store cannot be opened (the message says whether
     *     the password is wrong) or a new one cannot be written
     * @throws IllegalArgumentException if the password is empty or the name invalid
     */
    public static ExchangeCa createOrLoad(Path dir, char[] password, String name) {
        Objects.requireNonNull(dir, "dir");
        requirePassword(password);
        ParticipantSubject.requirePrintable("CA name", name, MAX_CA_NAME);
        Path p12 = dir.resolve(KEY_STORE_FILE);
        if (Files.exists(p12)) {
            return load(p12, password);
        }
        ExchangeCa created = selfSigned(name, Instant.now());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CaLoadException("cannot create the CA directory " + dir + ": " + e.getMessage(), e);
        }
        if (CaKeyStore.create(p12, password, created.key, created.certificate())) {
            return created;
        }
        return load(p12, password); // another process created it first; theirs is the CA
    }

    /**
     * Loads a CA from a PKCS#12 file holding exactly one private key entry with its chain.
     *
     * @param p12 the key store
     * @param password for the store and the key; not retained and not cleared
     * @return the CA
     * @throws CaLoadException naming the file and the problem: missing, not PKCS#12, wrong password,
     *     not exactly one key, not a CA certificate, key and certificate not a pair
     */
    public static ExchangeCa load(Path p12, char[] password) {
        Objects.requireNonNull(p12, "p12");
        requirePassword(password);
        CaKeyStore.Entry entry = CaKeyStore.read(p12, password);
        return new ExchangeCa(entry.key(), entry.chain(), p12.toString());
    }

    /**
     * Loads an operator-supplied CA from an unencrypted private key PEM and a certificate PEM.
     *
     * @param keyPem PKCS#8 {@code PRIVATE KEY} (or traditional OpenSSL {@code EC/RSA PRIVATE KEY})
     * @param certPem the CA certificate, optionally followed by its issuers in order
     * @return the CA
     * @throws CaLoadException naming the file and the problem
     * @see #loadPem(Path, Path, char[])
     */
    public static ExchangeCa loadPem(Path keyPem, Path certPem) {
        return loadPem(keyPem, certPem, null);
    }

    /**
     * Loads an operator-supplied CA from a private key PEM, possibly encrypted, and a certificate PEM.
     *
     * @param keyPem PKCS#8 {@code PRIVATE KEY}, encrypted PKCS#8 {@code ENCRYPTED PRIVATE KEY}
     *     (PBES2, as {@code openssl pkcs8 -topk8} writes it) or traditional {@code EC/RSA PRIVATE KEY}
     * @param certPem the CA certificate, optionally followed by its issuers in order
     * @param password decrypts an encrypted key; may be null for an unencrypted one; not retained
     * @return the CA
     * @throws CaLoadException naming the file and the problem (unreadable, wrong password, not a
     *     CA certificate, key and certificate not a pair)
     */
    public static ExchangeCa loadPem(Path keyPem, Path certPem, char[] password) {
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(read("the CA key", keyPem), password);
        } catch (IllegalArgumentException e) {
            throw new CaLoadException("CA key " + keyPem + ": " + e.getMessage(), e);
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(read("the CA certificate", certPem));
        } catch (IllegalArgumentException e) {
            throw new CaLoadException("CA certificate " + certPem + ": " + e.getMessage(), e);
        }
        return new ExchangeCa(key, certificates, certPem.toString());
    }

    /**
     * Returns the CA certificate that signs participant certificates.
     *
     * @return the first element of {@link #chain()}
     */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Returns the CA's own chain: its certificate first, then (for an operator-supplied CA) its
     * issuers in order. A CA made by {@link #createOrLoad} has just its self-signed certificate.
     *
     * @return an immutable, non-empty list
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Issues a participant certificate for the public key of a CSR.
     *
     * <p>The CSR is checked by {@code CsrVerifier} (one PEM block, DER, EC P-256/P-384 or RSA
     * 2048..8192 bits, SHA-2 signature, valid self-signature); of the CSR only the public key is
     * used: its subject, attributes and requested extensions are ignored.
     *
     * @param pemCsr the applicant's PKCS#10 request as one {@code CERTIFICATE REQUEST} PEM block
     * @param subject who the certificate names, decided by the exchange
     * @param validity how long after {@code now} the certificate is valid; positive, and ending
     *     no later than the CA certificate
     * @param now the issuing time; validity starts {@link #CLOCK_SKEW} before it
     * @return the certificate with its chain, PEM forms and fingerprint
     * @throws CsrException if the CSR is refused; the message names the problem
     * @throws IllegalArgumentException if the validity is not positive or outlasts the CA
     */
    public IssuedCertificate issue(String pemCsr, ParticipantSubject subject, Duration validity, Instant now) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(now, "now");
        Instant caNotAfter = certificate().getNotAfter().toInstant();
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: expected a positive duration, found " + validity);
        }
        if (validity.compareTo(Duration.between(now, caNotAfter)) > 0) {
            throw new IllegalArgumentException("validity: expected the certificate to end by " + caNotAfter
                    + " when the CA certificate does, found " + validity + " from " + now);
        }
        SubjectPublicKeyInfo publicKey = CsrVerifier.verify(pemCsr);
        Instant notBefore = now.minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serialNumber(),
                Date.from(notBefore), Date.from(notAfter), subject.toX500Name(), publicKey);
        GeneralNames san = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                PARTICIPANT_URI_PREFIX + subject.participantId()));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new SubjectKeyIdentifier(keyIdentifier(publicKey)))
                    .addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId))
                    .addExtension(Extension.subjectAlternativeName, false, san);
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding a certificate extension failed", e);
        }
        X509Certificate leaf = sign(builder, key, signatureAlgorithm);
        try {
            leaf.verify(certificate().getPublicKey()); // never hand out a certificate the CA key did not sign
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the new certificate does not verify with the CA's public key", e);
        }
        return IssuedCertificate.of(leaf, chain);
    }

    /** Shows the CA's subject and fingerprint, never key material. */
    @Override
    public String toString() {
        return "ExchangeCa[" + certificate().getSubjectX500Principal() + ", sha256="
                + IssuedCertificate.fingerprint(certificate()) + "]";
    }

    /** Makes a new CA in memory: EC P-256 key, self-signed certificate valid from now for ten years. */
    static ExchangeCa selfSigned(String name, Instant now) {
        ParticipantSubject.requirePrintable("CA name", name, MAX_CA_NAME);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate an EC P-256 key", e);
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANISATION)
                .addRDN(BCStyle.CN, name)
                .build();
        Instant notBefore = now.minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(CA_YEARS).toInstant().truncatedTo(ChronoUnit.SECONDS);
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serialNumber(new SecureRandom()),
                Date.from(notBefore), Date.from(notAfter), subject, publicKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new SubjectKeyIdentifier(keyIdentifier(publicKey)));
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding a certificate extension failed", e);
        }
        X509Certificate certificate = sign(builder, pair.getPrivate(), "SHA256withECDSA");
        return new ExchangeCa(pair.getPrivate(), List.of(certificate), "new CA '" + name + "'");
    }

    /** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bytes. */
    static byte[] keyIdentifier(SubjectPublicKeyInfo publicKey) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(publicKey.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    private BigInteger serialNumber() {
        return serialNumber(random);
    }

    /** 128 random bits, positive: unpredictable (CA/B Forum asks for 64) and within RFC 5280's 20 octets. */
    private static BigInteger serialNumber(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, String algorithm) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("signing a certificate with " + algorithm + " failed", e);
        }
    }

    private static String read(String what, Path path) {
        Objects.requireNonNull(path, "path");
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CaLoadException.cannotRead(what, path, e);
        }
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password: expected a non-empty password, found "
                    + (password == null ? "null" : "an empty one"));
        }
    }

    private static void requireCaCertificate(X509Certificate certificate, String source) {
        if (certificate.getBasicConstraints() < 0) {
            throw new CaLoadException(source + ": expected a CA certificate (BasicConstraints CA:true), found "
                    + certificate.getSubjectX500Principal() + " without it");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && !usage[5]) {
            throw new CaLoadException(source + ": expected a CA certificate whose key usage includes keyCertSign,"
                    + " found " + certificate.getSubjectX500Principal() + " without it");
        }
    }

    private static void requireOrdered(List<X509Certificate> chain, String source) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                throw new CaLoadException(source + ": expected certificate #" + (i + 1) + " to be the issuer of"
                        + " certificate #" + i + " (" + chain.get(i).getIssuerX500Principal() + "), found "
                        + chain.get(i + 1).getSubjectX500Principal());
            }
        }
    }

    /** The signature algorithm follows the CA key: ECDSA with the hash matching the curve, or RSA. */
    private static String signatureAlgorithm(PublicKey publicKey, String source) {
        if (publicKey instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= CsrVerifier.MIN_RSA_BITS) {
            return "SHA256withRSA";
        }
        throw new CaLoadException(source + ": expected an EC or RSA (at least " + CsrVerifier.MIN_RSA_BITS
                + " bits) CA key, found " + publicKey.getAlgorithm());
    }

    /** Signs and verifies a probe: proves the key belongs to the certificate before anything is issued. */
    private static void requireKeyMatches(PrivateKey key, X509Certificate certificate, String algorithm, String source) {
        byte[] probe = "sluis-ca key pair check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new CaLoadException(source + ": expected a private key matching the CA certificate, found a "
                    + key.getAlgorithm() + " key that cannot sign with " + algorithm, e);
        }
        throw new CaLoadException(source + ": expected the private key of the CA certificate "
                + certificate.getSubjectX500Principal() + ", found a different key");
    }
}
