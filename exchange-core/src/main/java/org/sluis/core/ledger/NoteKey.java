package org.sluis.core.ledger;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Objects;

/**
 * A named Ed25519 note signing key (c2sp.org/signed-note §Ed25519 signatures, signature type
 * 0x01): the exchange's ledger key. It signs checkpoint texts with {@link SignedNote#sign} and
 * timestamped cosignatures with {@link CosignatureV1#cosignatureLine}.
 *
 * <p>The key ID is the first four bytes of SHA-256(name || 0x0A || 0x01 || 32-byte public key)
 * and the published form is the verifier key {@code name+hexkeyid+base64(0x01 || public key)},
 * the format of Go's golang.org/x/mod/sumdb/note, which witnesses and transparency-log tools
 * parse. Store {@link #privateSeed()} and {@link #name()}, and rebuild with {@link #fromSeed}.
 *
 * <p>Only use this key for checkpoints: the cosignature line reuses it under signature type
 * 0x04, which is safe because the two signed messages can never coincide (see
 * {@link CosignatureV1}), and {@link SignedNote#sign} refuses texts that start like a
 * cosignature message.
 */
public final class NoteKey {
    private final String name;
    private final PrivateKey privateKey;
    private final byte[] seed;
    private final NoteVerifier verifier;

    private NoteKey(String name, KeyPair pair, byte[] seed) {
        this.name = name;
        this.privateKey = pair.getPrivate();
        this.seed = seed;
        this.verifier = NoteVerifier.of(name, Ed25519.rawPublicKey(pair.getPublic()));
    }

    /**
     * Generates a fresh key with the JDK's strong randomness.
     *
     * @param name the key name; non-empty, no {@code +}, no Unicode space (c2sp.org/signed-note
     *             §Format). A schema-less URL is recommended and, for checkpoints, the log's
     *             origin line (c2sp.org/tlog-checkpoint §Signatures)
     * @throws IllegalArgumentException when the name is invalid
     */
    public static NoteKey generate(String name) {
        NoteSyntax.requireValidKeyName(name);
        KeyPair pair = Ed25519.generate();
        return new NoteKey(name, pair, ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("the JDK's Ed25519 private key does not expose its bytes")));
    }

    /**
     * Rebuilds a key from its name and the 32-byte RFC 8032 private key seed that
     * {@link #privateSeed()} returned.
     *
     * @throws IllegalArgumentException when the name is invalid or the seed is not 32 bytes
     */
    public static NoteKey fromSeed(String name, byte[] seed) {
        NoteSyntax.requireValidKeyName(name);
        Objects.requireNonNull(seed, "seed");
        byte[] copy = seed.clone();
        return new NoteKey(name, Ed25519.keyPairFromSeed(copy), copy);
    }

    /** The key name that appears in signature lines and in the verifier key. */
    public String name() {
        return name;
    }

    /** The signature type 0x01 key ID, SHA-256(name || 0x0A || 0x01 || public key)[:4] as a big-endian int. */
    public int keyId() {
        return verifier.keyId();
    }

    /**
     * The verifier key {@code name+hexkeyid+base64(0x01 || public key)} with 8 lowercase hex
     * digits, as Go's {@code note.NewVerifier} parses it; the exchange publishes it as
     * {@code ledgerVerifierKey}.
     */
    public String verifierKey() {
        return verifier.verifierKey();
    }

    /** The raw 32-byte RFC 8032 public key; a copy. */
    public byte[] rawPublicKey() {
        return verifier.rawPublicKey();
    }

    /** The raw 32-byte RFC 8032 private key seed, for storage; a copy. Keep it secret. */
    public byte[] privateSeed() {
        return seed.clone();
    }

    /** The verifier for this key's signatures and cosignatures. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** Key name and verifier key only; never the private key. */
    @Override
    public String toString() {
        return "NoteKey[" + verifierKey() + "]";
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, message);
    }

    /** The signature type 0x04 key ID that this key's cosignature lines carry. */
    int cosignatureKeyId() {
        return verifier.cosignatureKeyId();
    }
}
