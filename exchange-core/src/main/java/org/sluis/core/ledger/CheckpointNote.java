package org.sluis.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The exchange's signed checkpoint: a c2sp.org/tlog-checkpoint note with two signature lines by
 * the ledger key, the Ed25519 note signature (type 0x01) that standard tooling verifies, then the
 * timestamped cosignature (type 0x04, {@link CosignatureV1}) that also commits to the time.
 *
 * <pre>
 * sluis.example/ledger
 * 5
 * &lt;base64 root hash&gt;
 *
 * — sluis.example/ledger &lt;base64(0x01 key ID || signature)&gt;
 * — sluis.example/ledger &lt;base64(0x04 key ID || timestamp || signature)&gt;
 * </pre>
 *
 * <p>Witnesses may append their own cosignature lines; verification ignores them.
 */
public final class CheckpointNote {
    private CheckpointNote() {
    }

    /**
     * Signs a checkpoint and its production time.
     *
     * @param time when the checkpoint was produced; signed as whole POSIX seconds (sub-second
     *             precision is dropped, tlog-cosignature §Format), not before 1970
     * @return the signed note: checkpoint text, blank line, type 0x01 line, type 0x04 line
     * @throws IllegalArgumentException when {@code time} is before the epoch
     */
    public static String sign(Checkpoint checkpoint, NoteKey key, Instant time) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(time, "time");
        return SignedNote.sign(checkpoint.body(), key) + CosignatureV1.cosignatureLine(checkpoint, key, time.getEpochSecond());
    }

    /**
     * Verifies both signature lines by {@code verifier}'s key, then parses the checkpoint.
     *
     * @throws NoteException {@link NoteException.Reason#MALFORMED_NOTE} when the note does not
     *                       parse or the cosigned time is beyond {@link Instant#MAX};
     *                       {@link NoteException.Reason#NO_SIGNATURE_BY_KEY} when either
     *                       line is missing; {@link NoteException.Reason#INVALID_SIGNATURE} when
     *                       either does not verify; {@link NoteException.Reason#MALFORMED_CHECKPOINT}
     *                       when the signed text is not a checkpoint
     */
    public static SignedCheckpoint verify(String note, NoteVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier");
        ParsedNote parsed = ParsedNote.parse(note);
        SignedNote.verifySignatures(parsed, verifier);
        long time = CosignatureV1.verifyTimestamp(parsed, verifier);
        if (time > Instant.MAX.getEpochSecond()) {
            throw new NoteException(NoteException.Reason.MALFORMED_NOTE, "expected a cosigned time of at most "
                    + Instant.MAX.getEpochSecond() + " seconds (Instant.MAX), found " + time);
        }
        return new SignedCheckpoint(Checkpoint.parse(parsed.text()), Instant.ofEpochSecond(time));
    }
}
