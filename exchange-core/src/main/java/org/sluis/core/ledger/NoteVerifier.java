package org.sluis.core.ledger;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The public half of a {@link NoteKey}: verifies its Ed25519 note signatures (signature type
 * 0x01, c2sp.org/signed-note) and its timestamped cosignatures (type 0x04,
 * c2sp.org/tlog-cosignature), both identified by the key name and a type-specific key ID.
 *
 * <p>Parsed from a verifier key {@code name+hexkeyid+base64(0x01 || 32-byte public key)}, the
 * format of Go's golang.org/x/mod/sumdb/note {@code NewVerifier}, and as strict: a valid key name,
 * exactly 8 hex digits (either case, as Go accepts), canonical standard base64 of exactly 33 bytes,
 * signature type 0x01, and a key ID equal to SHA-256(name || 0x0A || 0x01 || public key)[:4].
 */
public final class NoteVerifier {
    private static final Pattern HEX_KEY_ID = Pattern.compile("[0-9a-fA-F]{8}");

    private final String name;
    private final byte[] rawPublicKey;
    private final PublicKey publicKey;
    private final int keyId;
    private final int cosignatureKeyId;

    private NoteVerifier(String name, byte[] rawPublicKey) {
        this.name = name;
        this.rawPublicKey = rawPublicKey;
        this.publicKey = Ed25519.publicKey(rawPublicKey);
        this.keyId = Ed25519.keyId(name, Ed25519.TYPE_ED25519, rawPublicKey);
        this.cosignatureKeyId = Ed25519.keyId(name, Ed25519.TYPE_COSIGNATURE_V1, rawPublicKey);
    }

    /**
     * Parses a verifier key such as {@code PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW}.
     *
     * @throws IllegalArgumentException naming what was expected and found, when the string has
     *                                  fewer than three {@code +}-separated parts, a bad name, a
     *                                  bad hex key ID, bad base64, a type byte other than 0x01,
     *                                  a key that is not 32 bytes, or a key ID that does not match
     */
    public static NoteVerifier parse(String verifierKey) {
        Objects.requireNonNull(verifierKey, "verifierKey");
        int first = verifierKey.indexOf('+');
        int second = first < 0 ? -1 : verifierKey.indexOf('+', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("expected a verifier key <name>+<8 hex digit key ID>+<base64 key>,"
                    + " found " + NoteSyntax.quote(verifierKey));
        }
        String name = NoteSyntax.requireValidKeyName(verifierKey.substring(0, first));
        String hex = verifierKey.substring(first + 1, second);
        if (!HEX_KEY_ID.matcher(hex).matches()) {
            throw new IllegalArgumentException("expected an 8 hex digit key ID, found " + NoteSyntax.quote(hex));
        }
        String keyData = verifierKey.substring(second + 1);
        byte[] key = NoteSyntax.decodeBase64(keyData);
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("expected the key as non-empty standard padded base64, found "
                    + NoteSyntax.quote(keyData));
        }
        if (key[0] != Ed25519.TYPE_ED25519) {
            throw new IllegalArgumentException(String.format("expected signature type 0x%02x (Ed25519, c2sp.org/signed-note)"
                    + " as the first key byte, found 0x%02x", Ed25519.TYPE_ED25519, key[0] & 0xff));
        }
        if (key.length != 1 + Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("expected " + (1 + Ed25519.PUBLIC_KEY_SIZE) + " key bytes (type 0x01 and a "
                    + Ed25519.PUBLIC_KEY_SIZE + "-byte Ed25519 public key), found " + key.length);
        }
        NoteVerifier verifier = of(name, Arrays.copyOfRange(key, 1, key.length));
        int declared = Integer.parseUnsignedInt(hex, 16);
        if (declared != verifier.keyId) {
            throw new IllegalArgumentException("expected key ID " + NoteSyntax.hex(verifier.keyId)
                    + " = SHA-256(name || 0x0A || 0x01 || public key)[:4], found " + hex.toLowerCase(Locale.ROOT));
        }
        return verifier;
    }

    /** The verifier for a key name and a raw 32-byte public key. */
    static NoteVerifier of(String name, byte[] rawPublicKey) {
        return new NoteVerifier(NoteSyntax.requireValidKeyName(name), rawPublicKey.clone());
    }

    /** The key name that this key's signature lines carry. */
    public String name() {
        return name;
    }

    /** The signature type 0x01 key ID, SHA-256(name || 0x0A || 0x01 || public key)[:4] as a big-endian int. */
    public int keyId() {
        return keyId;
    }

    /** The raw 32-byte RFC 8032 public key; a copy. */
    public byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    /** The canonical verifier key {@code name+hexkeyid+base64(0x01 || public key)}, lowercase hex. */
    public String verifierKey() {
        byte[] key = new byte[1 + rawPublicKey.length];
        key[0] = Ed25519.TYPE_ED25519;
        System.arraycopy(rawPublicKey, 0, key, 1, rawPublicKey.length);
        return name + "+" + NoteSyntax.hex(keyId) + "+" + NoteSyntax.base64(key);
    }

    /** Equal when key name and public key are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifier that && name.equals(that.name) && Arrays.equals(rawPublicKey, that.rawPublicKey);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(rawPublicKey);
    }

    /** The verifier key. */
    @Override
    public String toString() {
        return verifierKey();
    }

    /**
     * The signature type 0x04 key ID of the same name and public key,
     * SHA-256(name || 0x0A || 0x04 || public key)[:4] (c2sp.org/tlog-cosignature §Format).
     */
    int cosignatureKeyId() {
        return cosignatureKeyId;
    }

    /** True when {@code signature} is this key's Ed25519 signature of {@code message}. */
    boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }
}
