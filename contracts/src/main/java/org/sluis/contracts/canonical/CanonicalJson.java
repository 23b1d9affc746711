package org.sluis.contracts.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence Sluis hashes into the ledger
 * and signs in agreements for a given JSON value.
 *
 * <p>Output (RFC 8785 §3.2): UTF-8 (§3.2.4), no whitespace (§3.2.1), object members sorted by the
 * UTF-16 code units of their names (§3.2.3), strings escaped as ECMAScript {@code JSON.stringify}
 * does (§3.2.2.2: only {@code \b \t \n \f \r \" \\} and lowercase {@code \}{@code u00xx} for other
 * controls; everything else literal), numbers as ECMAScript {@code Number.prototype.toString} of
 * the IEEE-754 double (§3.2.2.3: shortest round-trip digits, {@code -0} as {@code 0}).
 *
 * <p>Input must be I-JSON (§3.1, RFC 7493): strictly RFC 8259 and UTF-8, no duplicate member names,
 * strings without lone surrogates, numbers within the double range, at most
 * {@link #MAX_NESTING_DEPTH} nested arrays/objects, nothing after the root value.
 *
 * <p><b>Number policy.</b> Literals with a fraction or exponent (and double/float/BigDecimal
 * nodes) are replaced by the nearest double, as §3.2.2.3 prescribes: {@code 4.50} → {@code 4.5},
 * {@code 1E30} → {@code 1e+30}. Integer literals (and int/long/BigInteger nodes) must survive
 * exactly: any {@code |i| ≤ 2^53} does; a larger one is accepted only if its canonical text denotes
 * the same integer (so {@code 9007199254740993}, whose double is {@code 9007199254740992}, is
 * rejected rather than silently changed, while {@code 1000000000000000000000} becomes
 * {@code 1e+21}). Callers with exact large integers must send them as strings (RFC 7493 §2.2).
 *
 * <p>Every method is thread-safe, returns a fresh array, and either returns the canonical bytes
 * or throws {@link CanonicalJsonException}; canonicalising canonical output returns it unchanged.
 */
public final class CanonicalJson {

    /**
     * Maximum number of nested arrays/objects, counting the root container as 1. Deeper input is
     * rejected before it can exhaust the stack.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final int TREE_BUFFER = 256;

    private CanonicalJson() {
    }

    /**
     * Canonicalises a Jackson tree (RFC 8785 §3.2).
     *
     * @param node the value; object, array, text, number, boolean and null nodes are allowed
     * @return the canonical UTF-8 bytes
     * @throws NullPointerException   if {@code node} is null
     * @throws CanonicalJsonException if the tree holds a lone surrogate, a non-finite number, an
     *                                integer its canonical form would change, a binary/POJO/missing
     *                                node, or nesting deeper than {@link #MAX_NESTING_DEPTH}
     */
    public static byte[] canonicalize(JsonNode node) {
        Objects.requireNonNull(node, "node");
        return new CanonicalWriter(TREE_BUFFER).write(node);
    }

    /**
     * Parses UTF-8 JSON text as I-JSON (RFC 8785 §3.1) and canonicalises it (§3.2).
     *
     * @param json UTF-8 encoded JSON text, without a byte order mark
     * @return the canonical UTF-8 bytes
     * @throws NullPointerException   if {@code json} is null
     * @throws CanonicalJsonException if the bytes are not strict UTF-8 or not I-JSON (syntax error,
     *                                duplicate member name, excessive nesting, trailing content) or
     *                                hold a value {@link #canonicalize(JsonNode)} rejects
     */
    public static byte[] canonicalize(byte[] json) {
        Objects.requireNonNull(json, "json");
        CharBuffer text = decodeUtf8(json);
        JsonNode tree = JsonTreeReader.read(text.array(), text.arrayOffset() + text.position(), text.remaining());
        return new CanonicalWriter(json.length + 16).write(tree);
    }

    /**
     * Parses JSON text as I-JSON (RFC 8785 §3.1) and canonicalises it (§3.2).
     *
     * @param json the JSON text
     * @return the canonical UTF-8 bytes
     * @throws NullPointerException   if {@code json} is null
     * @throws CanonicalJsonException as for {@link #canonicalize(byte[])}, except for UTF-8 errors
     */
    public static byte[] canonicalize(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode tree = JsonTreeReader.read(json);
        return new CanonicalWriter(json.length() + 16).write(tree);
    }

    /** Strict UTF-8 (RFC 8259 §8.1): rejects overlong forms, encoded surrogates and truncation. */
    private static CharBuffer decodeUtf8(byte[] json) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(json.length);
        ByteBuffer in = ByteBuffer.wrap(json);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            StringBuilder found = new StringBuilder();
            for (int i = at; i < Math.min(json.length, at + Math.max(1, result.length())); i++) {
                found.append(String.format(" 0x%02X", json[i] & 0xff));
            }
            throw new CanonicalJsonException("expected UTF-8 text (RFC 8785 §3.2.4, RFC 8259 §8.1), "
                    + "found the malformed byte sequence" + found + " at byte offset " + at, null);
        }
        out.flip();
        return out;
    }
}
