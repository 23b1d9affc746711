package org.sluis.core.ledger;

import java.util.Objects;

/**
 * A signed note, a checkpoint or a cosignature was rejected. The {@link #reason()} tells callers
 * what went wrong without parsing the message; the message says what was expected and what was
 * found. Unchecked: a rejected note is the normal outcome for hostile input, but the caller cannot
 * continue with it either way.
 *
 * @see <a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a>
 */
public final class NoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a note was rejected. */
    public enum Reason {
        /**
         * The note does not follow the signed-note grammar (c2sp.org/signed-note §Format): not
         * text, blank line and newline-terminated signature lines; a control character; a bad key
         * name; bad base64; more than {@value SignedNote#MAX_SIGNATURES} signature lines; or an
         * ambiguous repeated cosignature.
         */
        MALFORMED_NOTE,
        /** The note text is not a checkpoint (c2sp.org/tlog-checkpoint §Note text). */
        MALFORMED_CHECKPOINT,
        /**
         * The note parsed but has no signature line whose key name and key ID both match the
         * expected key; other lines are ignored, and with none left the note MUST be rejected
         * (c2sp.org/signed-note §Signatures).
         */
        NO_SIGNATURE_BY_KEY,
        /**
         * A signature line whose key name and key ID match the expected key does not verify;
         * the whole note is rejected (c2sp.org/signed-note §Signatures: clients SHOULD).
         */
        INVALID_SIGNATURE
    }

    /** Why the note was rejected. */
    private final Reason reason;

    NoteException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the note was rejected; never null. */
    public Reason reason() {
        return reason;
    }
}
