package org.sluis.core.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Timestamped Ed25519 cosignatures, {@code cosignature/v1} of c2sp.org/tlog-cosignature
 * (signature type 0x04 of c2sp.org/signed-note): the exchange's own statement of the time at
 * which it produced a checkpoint.
 *
 * <p>Per tlog-cosignature §Format and §Ed25519 signed message:
 * <ul>
 *   <li>key ID = SHA-256(name || 0x0A || 0x04 || 32-byte public key)[:4];</li>
 *   <li>the line carries base64(key ID || timestamp || signature), the timestamp a big-endian
 *       uint64 of POSIX seconds no greater than 2^63-1, the signature 64 bytes;</li>
 *   <li>the signed message is {@code "cosignature/v1\n" + "time " + decimal seconds + "\n"}
 *       followed by the whole checkpoint text, extension lines included.</li>
 * </ul>
 *
 * <p><b>Why a second line with the same key.</b> A checkpoint note from the exchange carries a
 * type 0x01 line and a type 0x04 line under the same key name. Their key IDs differ because the
 * type byte is hashed in, so a standard verifier configured with the published 0x01 verifier
 * key (Go's sumdb/note, sigsum, litewitness) finds the name but not the ID on the 0x04 line,
 * ignores it as an unknown key (signed-note §Signatures) and verifies the 0x01 line as usual.
 * Sluis's verifier derives both IDs from the one public key and so also obtains a signed time,
 * which plain checkpoints lack. Reusing one Ed25519 key for both types is allowed "if domain
 * separation can be ensured" (signed-note §Signatures), and it is ensured here: every type 0x04
 * message starts with {@code cosignature/v1\n}, and {@link SignedNote} neither signs nor accepts
 * a note text with that start, so no type 0x01 signature can serve as a cosignature and no
 * cosignature can be replayed as a Sluis note. Tools that do not know this rule could be handed
 * the replayed text {@code cosignature/v1\ntime ...} under a type 0x01 line, but it is not a
 * checkpoint (its second line is not a decimal size), so every checkpoint parser rejects it;
 * hence the key must sign nothing but checkpoints. The same reuse is built into
 * github.com/transparency-dev/formats: {@code note.NewSignerForCosignatureV1} accepts a type 0x01
 * signer key, and {@code note.NewVerifierForCosignatureV1} turns the published type 0x01
 * verifier key into the matching type 0x04 verifier, so Go clients can check the time line too.
 */
public final class CosignatureV1 {
    /** The header line that separates this message domain (tlog-cosignature §Ed25519 signed message). */
    static final String HEADER = "cosignature/v1\n";

    private static final int TIMESTAMP_SIZE = 8;

    private CosignatureV1() {
    }

    /**
     * The cosignature line {@code — name base64(keyid || timestamp || signature)} for a
     * checkpoint, newline-terminated, ready to append to the checkpoint's signed note.
     *
     * @param unixSeconds the POSIX timestamp to sign, in 0..2^63-1
     * @throws IllegalArgumentException when {@code unixSeconds} is negative
     */
    public static String cosignatureLine(Checkpoint checkpoint, NoteKey key, long unixSeconds) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(key, "key");
        if (unixSeconds < 0) {
            throw new IllegalArgumentException("expected a POSIX timestamp in 0..2^63-1 seconds, found " + unixSeconds);
        }
        byte[] signature = key.sign(signedMessage(unixSeconds, checkpoint.body()));
        byte[] payload = new byte[TIMESTAMP_SIZE + signature.length];
        for (int i = 0; i < TIMESTAMP_SIZE; i++) {
            payload[i] = (byte) (unixSeconds >>> (8 * (TIMESTAMP_SIZE - 1 - i)));
        }
        System.arraycopy(signature, 0, payload, TIMESTAMP_SIZE, signature.length);
        return SignedNote.signatureLine(key.name(), key.cosignatureKeyId(), payload);
    }

    /**
     * Verifies the cosignature by {@code verifier}'s key on a signed checkpoint note and returns
     * the signed time. Type 0x01 lines, including this key's own, are not checked here.
     *
     * @return the cosigned POSIX timestamp in seconds
     * @throws NoteException {@link NoteException.Reason#MALFORMED_NOTE} when the note does not
     *                       parse or has more than one cosignature by this key (which time would
     *                       count is ambiguous); {@link NoteException.Reason#NO_SIGNATURE_BY_KEY}
     *                       when it has none; {@link NoteException.Reason#INVALID_SIGNATURE} when
     *                       it is not 72 bytes after the key ID, its timestamp exceeds 2^63-1 or
     *                       the signature does not verify;
     *                       {@link NoteException.Reason#MALFORMED_CHECKPOINT} when the signed text
     *                       is not a checkpoint
     */
    public static long verify(String note, NoteVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier");
        ParsedNote parsed = ParsedNote.parse(note);
        long time = verifyTimestamp(parsed, verifier);
        Checkpoint.parse(parsed.text());
        return time;
    }

    /** Checks the one type 0x04 line by {@code verifier} as {@link #verify} describes and returns its time. */
    static long verifyTimestamp(ParsedNote parsed, NoteVerifier verifier) {
        String key = NoteSyntax.keyLabel(verifier.name(), verifier.cosignatureKeyId());
        List<ParsedNote.Line> lines = parsed.signatures().stream()
                .filter(line -> line.isBy(verifier.name(), verifier.cosignatureKeyId()))
                .toList();
        if (lines.isEmpty()) {
            throw SignedNote.noSignatureBy(key, "a timestamped cosignature (type 0x04)", parsed);
        }
        if (lines.size() > 1) {
            throw new NoteException(NoteException.Reason.MALFORMED_NOTE, "expected one cosignature by key " + key
                    + ", found " + lines.size() + " (lines " + lines.stream().map(ParsedNote.Line::number).toList() + ")");
        }
        ParsedNote.Line line = lines.get(0);
        byte[] payload = line.signature();
        if (payload.length != TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) {
            throw invalid("expected " + (TIMESTAMP_SIZE + Ed25519.SIGNATURE_SIZE) + " bytes (timestamp and signature)"
                    + " after the key ID in cosignature line " + line.number() + ", found " + payload.length);
        }
        long time = 0;
        for (int i = 0; i < TIMESTAMP_SIZE; i++) {
            time = (time << 8) | (payload[i] & 0xff);
        }
        if (time < 0) {
            throw invalid("expected a cosignature timestamp of at most 2^63-1, found " + Long.toUnsignedString(time)
                    + " in line " + line.number());
        }
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        System.arraycopy(payload, TIMESTAMP_SIZE, signature, 0, signature.length);
        if (!verifier.verify(signedMessage(time, parsed.text()), signature)) {
            throw invalid("expected cosignature line " + line.number() + " by key " + key + " to be a valid Ed25519"
                    + " signature of cosignature/v1, time " + time + " and the note text, found one that does not verify");
        }
        return time;
    }

    /** {@code cosignature/v1\ntime <seconds>\n} followed by the checkpoint text, as UTF-8. */
    static byte[] signedMessage(long unixSeconds, String checkpointText) {
        return (HEADER + "time " + unixSeconds + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    private static NoteException invalid(String message) {
        return new NoteException(NoteException.Reason.INVALID_SIGNATURE, message);
    }
}
