package org.sluis.core.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The participant's side of onboarding, for tests and the {@code sluis keygen} command: make a key
 * pair and a PKCS#10 request (RFC 2986) for it.
 *
 * <p>The request's subject is just {@code CN=<participantId>}; the exchange decides the real
 * subject when it issues the certificate, so nothing else is worth asking for.
 */
public final class CsrBuilder {

    private static final int RSA_BITS = 3072;

    private CsrBuilder() {
    }

    /**
     * Generates a key pair with the JDK's providers.
     *
     * @param type {@code "EC"} for EC P-256 or {@code "RSA"} for RSA 3072 bits (any case)
     * @return a new key pair
     * @throws IllegalArgumentException for any other type
     */
    public static KeyPair generateKey(String type) {
        Objects.requireNonNull(type, "type");
        try {
            switch (type.toUpperCase(Locale.ROOT)) {
                case "EC": {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    return generator.generateKeyPair();
                }
                case "RSA": {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(RSA_BITS);
                    return generator.generateKeyPair();
                }
                default:
                    throw new IllegalArgumentException("key type: expected EC or RSA, found "
                            + ParticipantSubject.quote(type));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + type + " key", e);
        }
    }

    /**
     * Makes a CSR for a key pair, signed with it (SHA256withECDSA, SHA384withECDSA for P-384 and
     * larger curves, or SHA256withRSA).
     *
     * @param key the applicant's key pair, EC or RSA
     * @param participantId the id the applicant was given, a slug as {@link ParticipantSubject} requires
     * @return one {@code CERTIFICATE REQUEST} PEM block
     * @throws IllegalArgumentException if the id is malformed or the key is neither EC nor RSA
     */
    public static String csr(KeyPair key, String participantId) {
        Objects.requireNonNull(key, "key");
        ParticipantSubject.requireParticipantId(participantId);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, participantId).build();
        try {
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(key))
                    .build(key.getPrivate());
            return Pem.write(new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic()).build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("signing a CSR with a " + key.getPrivate().getAlgorithm() + " key failed", e);
        }
    }

    /**
     * Encodes a private key for the participant to keep: PKCS#8 {@code PRIVATE KEY}, or with a
     * password {@code ENCRYPTED PRIVATE KEY} (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), readable by
     * OpenSSL and by {@link ExchangeCa#loadPem(java.nio.file.Path, java.nio.file.Path, char[])}.
     *
     * @param key the private key
     * @param password null for no encryption; otherwise non-empty; not retained
     * @return one PEM block
     */
    public static String privateKeyPem(PrivateKey key, char[] password) {
        Objects.requireNonNull(key, "key");
        if (password != null && password.length == 0) {
            throw new IllegalArgumentException("password: expected null (no encryption) or a non-empty password,"
                    + " found an empty one");
        }
        return Pem.writePrivateKey(key, password);
    }

    private static String signatureAlgorithm(KeyPair key) {
        if (key.getPublic() instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength() <= 256 ? "SHA256withECDSA" : "SHA384withECDSA";
        }
        if (key.getPublic() instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("key: expected an EC or RSA key pair, found "
                + key.getPublic().getAlgorithm());
    }
}
