package org.sluis.core.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) over the JDK's own provider (JEP 339), with keys in their raw 32-byte
 * encodings as c2sp.org/signed-note uses them, and the signed-note key ID.
 *
 * <p>Raw public keys travel through the fixed X.509 SubjectPublicKeyInfo prefix of RFC 8410 §4.
 * The JDK 17 API has no call that derives a public key from a private seed, so
 * {@link #keyPairFromSeed} lets the JDK's key pair generator draw the seed from a one-shot
 * random source and then checks that the generated private key is exactly that seed.
 */
final class Ed25519 {
    /** Signature type 0x01 of c2sp.org/signed-note §Signature types: Ed25519 over the note text. */
    static final byte TYPE_ED25519 = 0x01;
    /** Signature type 0x04 of c2sp.org/signed-note: timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
    static final byte TYPE_COSIGNATURE_V1 = 0x04;
    /** RFC 8032 §5.1.5: public keys are 32 bytes. */
    static final int PUBLIC_KEY_SIZE = 32;
    /** RFC 8032 §5.1.5: private keys (seeds) are 32 bytes. */
    static final int SEED_SIZE = 32;
    /** RFC 8032 §5.1.6: signatures are 64 bytes. */
    static final int SIGNATURE_SIZE = 64;

    private static final String ALGORITHM = "Ed25519";
    /** DER of SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits) } before the key, RFC 8410 §4. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    /** A fresh key pair from the JDK's default strong randomness. */
    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        }
    }

    /** The key pair whose RFC 8032 private key is {@code seed} (32 bytes). */
    static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("expected a " + SEED_SIZE + "-byte Ed25519 private key seed, found "
                    + seed.length + " bytes");
        }
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new OneShotRandom(seed));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw missingProvider(e);
        }
        byte[] generated = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("the JDK's Ed25519 private key does not expose its bytes"));
        if (!MessageDigest.isEqual(generated, seed)) {
            throw new IllegalStateException("the JDK's Ed25519 key pair generator did not use the supplied seed;"
                    + " cannot derive the public key on this JDK");
        }
        Arrays.fill(generated, (byte) 0);
        return pair;
    }

    /** The JDK public key for a raw 32-byte RFC 8032 encoding. */
    static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("expected a " + PUBLIC_KEY_SIZE + "-byte Ed25519 public key, found "
                    + raw.length + " bytes");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_SIZE);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_SIZE);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        }
    }

    /** The raw 32-byte RFC 8032 encoding of a JDK Ed25519 public key. */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != SPKI_PREFIX.length + PUBLIC_KEY_SIZE
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalStateException("expected an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), found "
                    + (spki == null ? "no encoding" : spki.length + " bytes"));
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** The 64-byte RFC 8032 signature of {@code message}. */
    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        }
    }

    /** True when {@code signature} is a valid 64-byte RFC 8032 signature of {@code message}; never throws on bad input. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false; // e.g. a public key that is not a curve point: no signature can be valid
        } catch (NoSuchAlgorithmException e) {
            throw missingProvider(e);
        }
    }

    /**
     * The signed-note key ID: the first four bytes, big-endian, of
     * SHA-256(key name || 0x0A || signature type || public key) (c2sp.org/signed-note §Signatures).
     */
    static int keyId(String name, byte type, byte[] rawPublicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(type);
            sha256.update(rawPublicKey);
            return NoteSyntax.readKeyId(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static IllegalStateException missingProvider(GeneralSecurityException e) {
        return new IllegalStateException("the JDK provides Ed25519 since Java 15 (JEP 339): " + e.getMessage(), e);
    }

    /** Hands out the seed once, to exactly one 32-byte request, then refuses. */
    private static final class OneShotRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        private final byte[] seed;
        private boolean used;

        OneShotRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("expected one request for " + seed.length + " seed bytes, found "
                        + (used ? "a second request" : "a request for " + bytes.length));
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
            used = true;
        }
    }
}
