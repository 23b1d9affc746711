package org.sluis.core.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Reading and writing the PEM encoding (RFC 7468) with Bouncy Castle's {@link PEMParser} and
 * {@link JcaPEMWriter}.
 *
 * <p>Two reading modes: {@link #readOneBlock} is strict, for untrusted uploads such as CSRs
 * (exactly one block, nothing but whitespace around it, so there is never a question of which
 * block was meant); the file readers are lenient about explanatory text between blocks, as
 * RFC 7468 §2 allows and as operator-supplied bundles often contain. Every failure is an
 * {@link IllegalArgumentException} whose message the caller wraps into its own exception type.
 */
final class Pem {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    /** PBKDF2 work factor for keys this package encrypts; decryption honours whatever the file says. */
    private static final int PBKDF2_ITERATIONS = 200_000;

    private Pem() {
    }

    /**
     * Encodes a certificate, CSR or other object {@link JcaPEMWriter} knows as one PEM block.
     */
    static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("PEM encoding of a " + object.getClass().getSimpleName() + " failed", e);
        }
        return out.toString();
    }

    /**
     * Encodes a private key as PKCS#8: {@code PRIVATE KEY} when {@code password} is null, otherwise
     * {@code ENCRYPTED PRIVATE KEY} with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC, RFC 8018).
     */
    static String writePrivateKey(PrivateKey key, char[] password) {
        try {
            OutputEncryptor encryptor = null;
            if (password != null) {
                encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(PBKDF2_ITERATIONS)
                        .setProvider(BouncyCastle.PROVIDER)
                        .setPassword(password)
                        .build();
            }
            return write(new JcaPKCS8Generator(key, encryptor));
        } catch (OperatorCreationException | PemGenerationException e) {
            throw new IllegalStateException("PKCS#8 encoding of a " + key.getAlgorithm() + " key failed", e);
        }
    }

    /**
     * Reads text that must be exactly one PEM block with nothing but whitespace around it.
     *
     * @return the block's label and decoded bytes
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    static PemObject readOneBlock(String text) {
        String body = text.strip();
        int begins = count(body, BEGIN);
        if (begins == 0) {
            throw new IllegalArgumentException("expected a PEM block starting with a '-----BEGIN …-----' line,"
                    + " found no BEGIN line");
        }
        if (begins > 1) {
            throw new IllegalArgumentException("expected exactly one PEM block, found " + begins + " BEGIN lines");
        }
        if (!body.startsWith(BEGIN)) {
            throw new IllegalArgumentException("expected nothing but whitespace before the BEGIN line, found "
                    + body.indexOf(BEGIN) + " characters of other text");
        }
        int end = body.indexOf(END);
        int endLineEnd = end < 0 ? -1 : body.indexOf("-----", end + END.length());
        if (endLineEnd < 0) {
            throw new IllegalArgumentException("expected an '-----END …-----' line, found none");
        }
        int trailing = body.substring(endLineEnd + "-----".length()).strip().length();
        if (trailing > 0) {
            throw new IllegalArgumentException("expected nothing but whitespace after the END line, found "
                    + trailing + " characters of trailing data");
        }
        try (PEMParser parser = new PEMParser(new StringReader(body))) {
            PemObject block = parser.readPemObject();
            if (block == null) {
                throw new IllegalArgumentException("expected a PEM block, found none that parses");
            }
            return block;
        } catch (IOException | RuntimeException e) {
            // PemReader reports a bad END label as IOException and bad base64 as a RuntimeException.
            throw new IllegalArgumentException("expected a well-formed PEM block, found: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every {@code CERTIFICATE} block of a PEM text; text between blocks is ignored.
     *
     * @throws IllegalArgumentException if there is no certificate, another kind of block, or a
     *     block that is not a DER X.509 certificate
     */
    static List<X509Certificate> readCertificates(String text) {
        List<PemObject> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (PemObject block = parser.readPemObject(); block != null; block = parser.readPemObject()) {
                blocks.add(block);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected well-formed PEM, found an unreadable block after block #"
                    + blocks.size() + ": " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("expected at least one CERTIFICATE block, found none");
        }
        List<X509Certificate> certificates = new ArrayList<>(blocks.size());
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (PemObject block : blocks) {
            if (!block.getType().equals("CERTIFICATE")) {
                throw new IllegalArgumentException("expected only CERTIFICATE blocks, found a " + block.getType()
                        + " block (block #" + certificates.size() + ")");
            }
            try {
                certificates.add(converter.getCertificate(new X509CertificateHolder(block.getContent())));
            } catch (IOException | CertificateException e) {
                throw new IllegalArgumentException("expected a DER X.509 certificate in block #"
                        + certificates.size() + ", found bytes that do not parse: " + e.getMessage(), e);
            }
        }
        return certificates;
    }

    /**
     * Reads the one private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8
     * ({@code ENCRYPTED PRIVATE KEY}, needs {@code password}) or the traditional OpenSSL
     * {@code EC/RSA PRIVATE KEY}; an {@code EC PARAMETERS} block beside it is ignored.
     *
     * @throws IllegalArgumentException if there is not exactly one key, it cannot be decrypted with
     *     the password, or it uses the legacy OpenSSL encryption (DEK-Info)
     */
    static PrivateKey readPrivateKey(String text, char[] password) {
        List<Object> keys = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (!(o instanceof ASN1ObjectIdentifier)) { // EC PARAMETERS as written by openssl ecparam
                    keys.add(o);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected a PEM private key, found an unreadable block: "
                    + e.getMessage(), e);
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("expected exactly one private key block, found " + keys.size());
        }
        PrivateKeyInfo info = privateKeyInfo(keys.get(0), password);
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("expected an EC or RSA private key, found one the JDK cannot load ("
                    + info.getPrivateKeyAlgorithm().getAlgorithm() + ")", e);
        }
    }

    private static PrivateKeyInfo privateKeyInfo(Object key, char[] password) {
        if (key instanceof PrivateKeyInfo info) {
            return info;
        }
        if (key instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (key instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            if (password == null || password.length == 0) {
                throw new IllegalArgumentException("expected a password for the ENCRYPTED PRIVATE KEY, found none");
            }
            try {
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password));
            } catch (PKCSException | OperatorCreationException | RuntimeException e) {
                // A wrong password shows up as a padding error or as garbage that does not parse.
                throw new IllegalArgumentException("cannot decrypt the ENCRYPTED PRIVATE KEY: wrong password,"
                        + " or an unsupported encryption scheme", e);
            }
        }
        if (key instanceof PEMEncryptedKeyPair) {
            throw new IllegalArgumentException("expected PKCS#8 (PRIVATE KEY or ENCRYPTED PRIVATE KEY), found a key"
                    + " with legacy OpenSSL encryption; convert it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'");
        }
        throw new IllegalArgumentException("expected a private key block, found a "
                + key.getClass().getSimpleName());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
