package org.sluis.core.ledger;

import java.util.Base64;

/**
 * Lexical rules shared by notes, keys and checkpoints, from
 * <a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a> §Format:
 * key names are non-empty and contain neither Unicode spaces nor {@code +};
 * notes are UTF-8 without ASCII control characters other than newline;
 * base64 is the standard alphabet of RFC 4648 §4.
 */
final class NoteSyntax {
    /** Em dash (U+2014) and space (U+0020): the start of every signature line. */
    static final String SIGNATURE_PREFIX = "\u2014 ";

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private NoteSyntax() {
    }

    /**
     * True when {@code name} is a valid key name: non-empty, no {@code +}, no Unicode space and,
     * because the name appears in a note, no control character below U+0020 and no unpaired
     * surrogate (which could not be encoded as UTF-8).
     */
    static boolean isValidKeyName(String name) {
        if (name == null || name.isEmpty() || firstInvalidChar(name) >= 0) {
            return false;
        }
        return name.codePoints().noneMatch(cp -> cp == '+' || isUnicodeSpace(cp));
    }

    /** Returns {@code name} when {@link #isValidKeyName} holds, else throws {@link IllegalArgumentException}. */
    static String requireValidKeyName(String name) {
        if (!isValidKeyName(name)) {
            throw new IllegalArgumentException("expected a key name that is non-empty and has no '+', Unicode space"
                    + " or control character (c2sp.org/signed-note), found " + quote(name));
        }
        return name;
    }

    /**
     * Unicode spaces as Go's {@code unicode.IsSpace} defines them (the reference implementation,
     * golang.org/x/mod/sumdb/note): the Z categories plus TAB, LF, VT, FF, CR and NEL.
     */
    static boolean isUnicodeSpace(int cp) {
        return Character.isSpaceChar(cp) || (cp >= '\t' && cp <= '\r') || cp == 0x85;
    }

    /**
     * Index of the first character a note must not contain (a control character below U+0020
     * other than newline, or an unpaired surrogate), or -1 when there is none.
     */
    static int firstInvalidChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Describes the character at {@code index} for an error message, e.g. {@code U+000D at index 12}. */
    static String describeChar(String text, int index) {
        return String.format("U+%04X at index %d", (int) text.charAt(index), index);
    }

    /** Standard base64 with padding (RFC 4648 §4). */
    static String base64(byte[] bytes) {
        return BASE64.encodeToString(bytes);
    }

    /**
     * Decodes canonical standard base64 (RFC 4648 §4): the standard alphabet, padding present and
     * zero padding bits. Returns null for anything else; the JDK decoder alone would accept missing
     * padding and non-zero padding bits, so the input is re-encoded and compared.
     */
    static byte[] decodeBase64(String text) {
        byte[] bytes;
        try {
            bytes = BASE64_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return BASE64.encodeToString(bytes).equals(text) ? bytes : null;
    }

    /** A key ID as the 8 lowercase hex digits used in verifier keys. */
    static String hex(int keyId) {
        return String.format("%08x", keyId);
    }

    /** {@code name+hexid}, the way Go's note package names a key in its errors. */
    static String keyLabel(String name, int keyId) {
        return name + "+" + hex(keyId);
    }

    /** The big-endian uint32 in the first four bytes of {@code bytes}. */
    static int readKeyId(byte[] bytes) {
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    /** Quotes a possibly hostile string for an error message, shortening it to 80 characters. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp <= 0xffff && Character.isSurrogate((char) cp))) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('\'').toString();
    }
}
