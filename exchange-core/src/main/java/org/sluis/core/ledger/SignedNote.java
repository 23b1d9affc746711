package org.sluis.core.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Signs and verifies C2SP signed notes with Ed25519 (c2sp.org/signed-note, signature type 0x01),
 * byte-compatible with Go's golang.org/x/mod/sumdb/note {@code Sign} and {@code Open}:
 *
 * <pre>
 * If you think cryptography is the answer to your problem,
 * then you don't know what your problem is.
 *
 * — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=
 * </pre>
 *
 * <p>The signed message is exactly the UTF-8 bytes of the text, final newline included, blank
 * line excluded. A signature line carries base64(4-byte big-endian key ID || 64-byte signature).
 *
 * <p>Verification, per c2sp.org/signed-note §Signatures: lines whose key name and key ID do not
 * both match the verifier are ignored (other keys, witness cosignatures, this key's own type 0x04
 * cosignature); every line that matches must verify, otherwise the whole note is rejected; and
 * at least one must match. Unlike Go, which checks only the first of repeated lines by one key,
 * every matching line is checked, as the spec says verifiers MUST. Texts starting with
 * {@code cosignature/v1\n} are neither signed nor accepted: that start belongs to
 * {@link CosignatureV1} messages, which the same key signs.
 */
public final class SignedNote {
    /** At most this many signature lines are accepted, like Go's note package; the spec requires at least 16. */
    public static final int MAX_SIGNATURES = 100;

    private SignedNote() {
    }

    /**
     * Signs {@code text} and returns the signed note {@code text + "\n" + "— name base64(keyid || signature)\n"}.
     *
     * @param text the note text: non-empty, ending in a newline, without control characters other
     *             than newline, and not starting with {@code "cosignature/v1\n"} (that prefix is
     *             reserved for {@link CosignatureV1} messages, so that one key can sign both)
     * @throws IllegalArgumentException when the text breaks these rules
     */
    public static String sign(String text, NoteKey key) {
        Objects.requireNonNull(key, "key");
        requireSignableText(text);
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        return text + "\n" + signatureLine(key.name(), key.keyId(), signature);
    }

    /**
     * Verifies a signed note against one key and returns its text.
     *
     * @param note     the whole signed note, decoded from strict UTF-8 (invalid UTF-8 must be
     *                 rejected by the decoder, not replaced)
     * @param verifier the expected key
     * @return the note text, including its final newline
     * @throws NoteException {@link NoteException.Reason#MALFORMED_NOTE} when the note does not
     *                       parse or its text starts with {@code cosignature/v1\n};
     *                       {@link NoteException.Reason#INVALID_SIGNATURE} when a line by this key
     *                       name and ID does not verify;
     *                       {@link NoteException.Reason#NO_SIGNATURE_BY_KEY} when no line has this
     *                       key name and ID
     */
    public static String verify(String note, NoteVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier");
        ParsedNote parsed = ParsedNote.parse(note);
        verifySignatures(parsed, verifier);
        return parsed.text();
    }

    /** Checks the type 0x01 lines by {@code verifier} as {@link #verify} describes. */
    static void verifySignatures(ParsedNote parsed, NoteVerifier verifier) {
        if (parsed.text().startsWith(CosignatureV1.HEADER)) {
            throw new NoteException(NoteException.Reason.MALFORMED_NOTE, "expected note text that does not start with "
                    + NoteSyntax.quote(CosignatureV1.HEADER) + ", found a cosignature message posing as a note");
        }
        byte[] message = parsed.text().getBytes(StandardCharsets.UTF_8);
        int matched = 0;
        for (ParsedNote.Line line : parsed.signatures()) {
            if (!line.isBy(verifier.name(), verifier.keyId())) {
                continue; // an unknown key: verifiers MUST ignore it (c2sp.org/signed-note §Signatures)
            }
            if (!verifier.verify(message, line.signature())) {
                throw new NoteException(NoteException.Reason.INVALID_SIGNATURE, "expected signature line "
                        + line.number() + " by key " + line.label() + " to be a valid Ed25519 signature of the note text,"
                        + " found a " + line.signature().length + "-byte signature that does not verify");
            }
            matched++;
        }
        if (matched == 0) {
            throw noSignatureBy(NoteSyntax.keyLabel(verifier.name(), verifier.keyId()), "an Ed25519 signature", parsed);
        }
    }

    /** {@code — name base64(keyId || payload)} and a newline. */
    static String signatureLine(String name, int keyId, byte[] payload) {
        byte[] bytes = new byte[4 + payload.length];
        bytes[0] = (byte) (keyId >>> 24);
        bytes[1] = (byte) (keyId >>> 16);
        bytes[2] = (byte) (keyId >>> 8);
        bytes[3] = (byte) keyId;
        System.arraycopy(payload, 0, bytes, 4, payload.length);
        return NoteSyntax.SIGNATURE_PREFIX + name + " " + NoteSyntax.base64(bytes) + "\n";
    }

    /** The rejection for a note without any line by the expected key, listing the keys it does have. */
    static NoteException noSignatureBy(String expectedKey, String kind, ParsedNote parsed) {
        List<String> found = new ArrayList<>();
        parsed.signatures().forEach(line -> found.add(line.label()));
        return new NoteException(NoteException.Reason.NO_SIGNATURE_BY_KEY, "expected " + kind + " by key "
                + expectedKey + ", found signatures only by " + found);
    }

    private static void requireSignableText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("expected non-empty note text ending in a newline, found "
                    + NoteSyntax.quote(text));
        }
        int bad = NoteSyntax.firstInvalidChar(text);
        if (bad >= 0) {
            throw new IllegalArgumentException("expected note text without control characters other than newline,"
                    + " found " + NoteSyntax.describeChar(text, bad));
        }
        if (text.startsWith(CosignatureV1.HEADER)) {
            throw new IllegalArgumentException("expected note text that does not start with "
                    + NoteSyntax.quote(CosignatureV1.HEADER) + " (reserved for cosignature messages), found "
                    + NoteSyntax.quote(text));
        }
    }
}
