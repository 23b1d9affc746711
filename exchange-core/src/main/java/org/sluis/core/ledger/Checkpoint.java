package org.sluis.core.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The note text of a transparency-log checkpoint (c2sp.org/tlog-checkpoint §Note text): the
 * origin, the tree size and the RFC 9162 §2.1.1 root hash of the ledger's Merkle tree at that
 * size, then optional extension lines.
 *
 * <pre>
 * sluis.example/ledger
 * 20852163
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * <p>Only the spec's MUSTs are enforced on the origin (non-empty, one line); its SHOULD (a
 * schema-less URL without spaces or {@code +}) is left to whoever chooses the origin. Every line
 * must also be valid note text: no control characters (c2sp.org/signed-note §Format).
 *
 * @param origin     the log identity, the first line; non-empty, no newline or control character
 * @param size       the number of leaves, {@code >= 0}
 * @param rootHash   the 32-byte SHA-256 Merkle tree hash; copied in and out
 * @param extensions opaque extension lines, each non-empty; the spec discourages them because
 *                   monitors cannot audit them, and they are empty in practice
 * @see <a href="https://c2sp.org/tlog-checkpoint">c2sp.org/tlog-checkpoint</a>
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
    /** Size of an RFC 9162 SHA-256 tree hash in bytes. */
    public static final int ROOT_HASH_SIZE = 32;

    /** Tree size: ASCII decimal, no sign, no leading zeroes except for the empty tree (tlog-checkpoint §Note text 2). */
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]*");

    /**
     * Validates the lines and copies the hash and the extension list.
     *
     * @throws IllegalArgumentException when a line would be empty, span lines or contain a control
     *                                  character, the size is negative or the hash is not 32 bytes
     * @throws NullPointerException     when any component or extension is null
     */
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        requireLine("origin", origin);
        if (size < 0) {
            throw new IllegalArgumentException("expected a tree size >= 0, found " + size);
        }
        if (rootHash.length != ROOT_HASH_SIZE) {
            throw new IllegalArgumentException("expected a " + ROOT_HASH_SIZE + "-byte root hash, found "
                    + rootHash.length + " bytes");
        }
        rootHash = rootHash.clone();
        for (int i = 0; i < extensions.size(); i++) {
            requireLine("extension line " + (i + 1), extensions.get(i));
        }
    }

    /** A checkpoint without extension lines, the recommended form (tlog-checkpoint §Note text 4). */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /** The 32-byte root hash; a copy, so callers cannot change this checkpoint. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * The note text (tlog-checkpoint §Note text): origin, decimal size and standard base64 root
     * hash, then each extension line, every line ending in a newline. This is exactly the text
     * that {@link SignedNote#sign} signs and that a cosignature covers (tlog-cosignature).
     */
    public String body() {
        StringBuilder text = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(NoteSyntax.base64(rootHash)).append('\n');
        extensions.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /**
     * Parses a checkpoint note text strictly (tlog-checkpoint §Note text): at least three
     * non-empty newline-terminated lines; the size in ASCII decimal without sign or leading
     * zeroes and at most 2^63-1; the root hash in canonical standard base64 of exactly 32 bytes.
     * {@code parse(c.body())} equals {@code c}.
     *
     * @param body the note text, with its final newline and without the signature block
     * @throws NoteException with reason {@link NoteException.Reason#MALFORMED_CHECKPOINT} otherwise
     */
    public static Checkpoint parse(String body) {
        Objects.requireNonNull(body, "body");
        if (!body.endsWith("\n")) {
            throw malformed("expected the checkpoint text to end with a newline, found " + NoteSyntax.quote(tail(body)));
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw malformed("expected at least 3 lines (origin, tree size, root hash), found " + lines.length);
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw malformed("expected non-empty lines, found line " + (i + 1) + " empty");
            }
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw malformed("expected the tree size as decimal digits without sign or leading zeroes, found "
                    + NoteSyntax.quote(lines[1]));
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw malformed("expected a tree size of at most " + Long.MAX_VALUE + ", found " + lines[1]);
        }
        byte[] root = NoteSyntax.decodeBase64(lines[2]);
        if (root == null) {
            throw malformed("expected the root hash in standard padded base64, found " + NoteSyntax.quote(lines[2]));
        }
        if (root.length != ROOT_HASH_SIZE) {
            throw malformed("expected a " + ROOT_HASH_SIZE + "-byte root hash, found " + root.length + " bytes");
        }
        List<String> extensions = new ArrayList<>(Arrays.asList(lines).subList(3, lines.length));
        try {
            return new Checkpoint(lines[0], size, root, extensions);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /** Equal when origin, size, root hash bytes and extension lines are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint that
                && size == that.size
                && origin.equals(that.origin)
                && Arrays.equals(rootHash, that.rootHash)
                && extensions.equals(that.extensions);
    }

    /** Consistent with {@link #equals}: hashes the root hash bytes, not the array identity. */
    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    /** Origin, size, base64 root hash and extension lines, for logs. */
    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", size=" + size + ", rootHash=" + NoteSyntax.base64(rootHash)
                + ", extensions=" + extensions + "]";
    }

    private static void requireLine(String what, String line) {
        Objects.requireNonNull(line, what);
        if (line.isEmpty()) {
            throw new IllegalArgumentException("expected a non-empty " + what + ", found an empty string");
        }
        int bad = NoteSyntax.firstInvalidChar(line);
        if (bad >= 0) {
            throw new IllegalArgumentException("expected the " + what + " to be one line without control characters,"
                    + " found " + NoteSyntax.describeChar(line, bad) + " in " + NoteSyntax.quote(line));
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("expected the " + what + " to be one line, found a newline in "
                    + NoteSyntax.quote(line));
        }
    }

    private static String tail(String text) {
        return text.length() <= 20 ? text : "…" + text.substring(text.length() - 20);
    }

    private static NoteException malformed(String message) {
        return new NoteException(NoteException.Reason.MALFORMED_CHECKPOINT, message);
    }
}
