package org.sluis.core.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A signed note split into its text and signature lines, nothing verified yet
 * (c2sp.org/signed-note §Format). Parsing follows Go's golang.org/x/mod/sumdb/note {@code Open}:
 * the text ends at the last blank line; each following line is an em dash, a space, a key name,
 * a space and base64 of a 4-byte key ID and at least one signature byte; at most
 * {@value SignedNote#MAX_SIGNATURES} lines, counted before any is decoded.
 *
 * @param text       the note text including its final newline, without the blank line
 * @param signatures the signature lines in order
 */
record ParsedNote(String text, List<Line> signatures) {

    ParsedNote {
        Objects.requireNonNull(text, "text");
        signatures = List.copyOf(signatures);
    }

    /**
     * One signature line, {@code — <name> base64(key ID || signature)}.
     *
     * @param number    1-based position in the signature block, for messages
     * @param name      the key name
     * @param keyId     the big-endian key ID
     * @param signature the bytes after the key ID; copied in and out
     */
    record Line(int number, String name, int keyId, byte[] signature) {
        Line {
            Objects.requireNonNull(name, "name");
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /** True when this line names the key {@code name} with ID {@code keyId}. */
        boolean isBy(String keyName, int id) {
            return keyId == id && name.equals(keyName);
        }

        /** {@code name+hexid}. */
        String label() {
            return NoteSyntax.keyLabel(name, keyId);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Line that && number == that.number && keyId == that.keyId
                    && name.equals(that.name) && Arrays.equals(signature, that.signature);
        }

        @Override
        public int hashCode() {
            return Objects.hash(number, name, keyId, Arrays.hashCode(signature));
        }

        @Override
        public String toString() {
            return "Line[" + number + ": " + label() + "]";
        }
    }

    /**
     * Splits a signed note without verifying anything.
     *
     * @throws NoteException with reason {@link NoteException.Reason#MALFORMED_NOTE} when the note
     *                       does not follow the grammar above
     */
    static ParsedNote parse(String note) {
        Objects.requireNonNull(note, "note");
        int bad = NoteSyntax.firstInvalidChar(note);
        if (bad >= 0) {
            throw malformed("expected text without control characters other than newline, found "
                    + NoteSyntax.describeChar(note, bad));
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("expected the text, a blank line and signature lines, found no blank line");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty()) {
            throw malformed("expected at least one signature line after the blank line, found none");
        }
        if (!block.endsWith("\n")) {
            throw malformed("expected the last signature line to end with a newline, found "
                    + NoteSyntax.quote(block.substring(block.lastIndexOf('\n') + 1)));
        }
        long count = block.chars().filter(c -> c == '\n').count();
        if (count > SignedNote.MAX_SIGNATURES) {
            throw malformed("expected at most " + SignedNote.MAX_SIGNATURES + " signature lines, found " + count);
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        List<Line> signatures = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            signatures.add(parseLine(i + 1, lines[i]));
        }
        return new ParsedNote(text, signatures);
    }

    private static Line parseLine(int number, String line) {
        if (!line.startsWith(NoteSyntax.SIGNATURE_PREFIX)) {
            throw malformed("expected signature line " + number + " to start with an em dash (U+2014) and a space,"
                    + " found " + NoteSyntax.quote(line));
        }
        String rest = line.substring(NoteSyntax.SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw malformed("expected signature line " + number + " as '\u2014 <key name> <base64 signature>', found "
                    + NoteSyntax.quote(line));
        }
        String name = rest.substring(0, space);
        if (!NoteSyntax.isValidKeyName(name)) {
            throw malformed("expected a valid key name in signature line " + number + ", found " + NoteSyntax.quote(name));
        }
        String encoded = rest.substring(space + 1);
        byte[] bytes = NoteSyntax.decodeBase64(encoded);
        if (bytes == null) {
            throw malformed("expected standard padded base64 in signature line " + number + ", found "
                    + NoteSyntax.quote(encoded));
        }
        if (bytes.length < 5) {
            throw malformed("expected at least 5 bytes (4-byte key ID and a signature) in signature line " + number
                    + ", found " + bytes.length);
        }
        return new Line(number, name, NoteSyntax.readKeyId(bytes), Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    private static NoteException malformed(String message) {
        return new NoteException(NoteException.Reason.MALFORMED_NOTE, message);
    }
}
