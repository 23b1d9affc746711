package org.sluis.contracts.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes one Jackson tree as RFC 8785 canonical UTF-8 bytes into a growable buffer.
 *
 * <p>RFC 8785 §3.2: no whitespace (§3.2.1); literals as-is; strings escaped per §3.2.2.2;
 * numbers per §3.2.2.3 via {@link Es6NumberFormatter}; object members sorted by the UTF-16 code
 * units of their names (§3.2.3, which is exactly {@link String#compareTo}); UTF-8 output (§3.2.4).
 *
 * <p>Number policy (I-JSON, RFC 7493 §2.2): floating nodes (double, float, BigDecimal) are
 * replaced by their nearest double, as RFC 8785 §3.2.2.3 prescribes. Integral nodes (int, long,
 * BigInteger) are accepted only if their canonical text denotes <em>the same integer</em>; e.g.
 * {@code 9007199254740993} is rejected rather than silently signed as {@code 9007199254740992}.
 * Every integer with {@code |i| ≤ 2^53} qualifies, and so does every canonical output, which
 * keeps canonicalisation idempotent.
 *
 * <p>Errors are raised as an internal {@link Failure} that collects JSON Pointer segments while it
 * unwinds, so the happy path never builds paths. One instance per canonicalisation; not
 * thread-safe.
 */
final class CanonicalWriter {

    private static final long MAX_SAFE = 1L << 53;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private final Es6NumberFormatter numbers = new Es6NumberFormatter();
    private byte[] buf;
    private int len;

    CanonicalWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Canonicalises {@code root}.
     *
     * @throws CanonicalJsonException naming the problem and the JSON Pointer of the offending value
     */
    byte[] write(JsonNode root) {
        try {
            writeValue(root, 0);
        } catch (Failure f) {
            throw new CanonicalJsonException(f.problem, f.pointer());
        }
        return Arrays.copyOf(buf, len);
    }

    private void writeValue(JsonNode node, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, depth + 1);
            case ARRAY -> writeArray(node, depth + 1);
            case STRING -> writeString(node.textValue());
            case NUMBER -> writeNumber(node);
            case BOOLEAN -> put(node.booleanValue() ? TRUE : FALSE);
            case NULL -> put(NULL);
            default -> throw new Failure("expected a JSON value (object, array, string, number, "
                    + "true, false or null), found a Jackson " + node.getNodeType() + " node");
        }
    }

    private void checkDepth(int depth) {
        if (depth > CanonicalJson.MAX_NESTING_DEPTH) {
            throw new Failure("expected at most " + CanonicalJson.MAX_NESTING_DEPTH
                    + " nested arrays/objects, found deeper nesting");
        }
    }

    private void writeObject(JsonNode object, int depth) {
        checkDepth(depth);
        String[] names = new String[object.size()];
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            names[count++] = it.next().getKey();
        }
        Arrays.sort(names); // String.compareTo: UTF-16 code units, RFC 8785 §3.2.3
        putByte('{');
        for (int i = 0; i < count; i++) {
            String name = names[i];
            if (i > 0) {
                putByte(',');
            }
            try {
                writeString(name);
                putByte(':');
                writeValue(object.get(name), depth);
            } catch (Failure f) {
                throw f.at(name);
            }
        }
        putByte('}');
    }

    private void writeArray(JsonNode array, int depth) {
        checkDepth(depth);
        putByte('[');
        for (int i = 0, n = array.size(); i < n; i++) {
            if (i > 0) {
                putByte(',');
            }
            try {
                writeValue(array.get(i), depth);
            } catch (Failure f) {
                throw f.at(Integer.toString(i));
            }
        }
        putByte(']');
    }

    /** RFC 8785 §3.2.2.2 (ECMA-262 QuoteJSONString) followed by UTF-8 encoding (§3.2.4). */
    private void writeString(String s) {
        putByte('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            ensure(6);
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                } else {
                    writeEscape(c);
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                buf[len++] = (byte) (0xe0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            } else {
                char low = i + 1 < n ? s.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    throw new Failure(loneSurrogate(s, i));
                }
                int cp = Character.toCodePoint(c, low);
                buf[len++] = (byte) (0xf0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
                i++;
            }
        }
        putByte('"');
    }

    private void writeEscape(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '"' -> buf[len++] = '"';
            case '\\' -> buf[len++] = '\\';
            case '\b' -> buf[len++] = 'b';
            case '\t' -> buf[len++] = 't';
            case '\n' -> buf[len++] = 'n';
            case '\f' -> buf[len++] = 'f';
            case '\r' -> buf[len++] = 'r';
            default -> {
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xf];
            }
        }
    }

    private static String loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        String found = Character.isHighSurrogate(c)
                ? "a high surrogate U+" + hex(c) + " not followed by a low surrogate"
                : "a lone low surrogate U+" + hex(c);
        return "expected a well-formed Unicode string (RFC 8785 §3.2.2.2, I-JSON RFC 7493 §2.1), found "
                + found + " at UTF-16 index " + i;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private void writeNumber(JsonNode node) {
        switch (node.numberType()) {
            case INT, LONG -> {
                long value = node.longValue();
                if (value >= -MAX_SAFE && value <= MAX_SAFE) {
                    writeSafeInteger(value);
                } else {
                    writeLargeInteger(BigInteger.valueOf(value));
                }
            }
            case BIG_INTEGER -> {
                BigInteger value = node.bigIntegerValue();
                if (value.bitLength() <= 53) {
                    writeSafeInteger(value.longValue());
                } else {
                    writeLargeInteger(value);
                }
            }
            case BIG_DECIMAL -> {
                BigDecimal value = node.decimalValue();
                double d = value.doubleValue();
                if (Double.isInfinite(d)) {
                    throw new Failure("expected a number within the IEEE-754 double range "
                            + "(RFC 8785 §3.2.2.3), found " + abbreviate(value.toString()));
                }
                writeDouble(d);
            }
            default -> writeDouble(node.doubleValue()); // FLOAT, DOUBLE
        }
    }

    private void writeSafeInteger(long value) {
        ensure(Es6NumberFormatter.MAX_LENGTH);
        if (value < 0) {
            buf[len++] = '-';
        }
        len = Es6NumberFormatter.writeDigits(Math.abs(value), buf, len);
    }

    private void writeDouble(double value) {
        if (!Double.isFinite(value)) {
            throw new Failure("expected a finite number (RFC 8785 §3.2.2.3: NaN and Infinity are "
                    + "not JSON), found " + value);
        }
        ensure(Es6NumberFormatter.MAX_LENGTH);
        len = numbers.format(value, buf, len);
    }

    /** Integers beyond ±2^53: accepted only if the canonical text denotes the same integer. */
    private void writeLargeInteger(BigInteger value) {
        double d = value.doubleValue(); // correctly rounded
        if (Double.isInfinite(d)) {
            throw new Failure("expected an integer within the IEEE-754 double range "
                    + "(RFC 8785 §3.2.2.3), found " + abbreviate(value.toString()));
        }
        byte[] text = new byte[Es6NumberFormatter.MAX_LENGTH];
        int end = numbers.format(d, text, 0);
        String canonical = new String(text, 0, end, StandardCharsets.US_ASCII);
        if (new BigDecimal(canonical).compareTo(new BigDecimal(value)) != 0) {
            throw new Failure("expected an integer that RFC 8785 §3.2.2.3 serialises without "
                    + "changing its value (any |i| <= 2^53 does), found " + value
                    + ", which would become " + canonical
                    + "; send such integers as JSON strings (I-JSON, RFC 7493 §2.2)");
        }
        ensure(end);
        System.arraycopy(text, 0, buf, len, end);
        len += end;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "…(" + text.length() + " chars)";
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void putByte(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int extra) {
        if (buf.length - len < extra) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    /** A failure on its way out of the tree walk; collects pointer segments innermost first. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String problem;
        private final transient List<String> reversedPath = new ArrayList<>();

        Failure(String problem) {
            super(problem, null, false, false);
            this.problem = problem;
        }

        Failure at(String segment) {
            reversedPath.add(segment);
            return this;
        }

        /** The RFC 6901 JSON Pointer of the offending value. */
        String pointer() {
            StringBuilder pointer = new StringBuilder();
            for (int i = reversedPath.size() - 1; i >= 0; i--) {
                pointer.append('/').append(reversedPath.get(i).replace("~", "~0").replace("/", "~1"));
            }
            return pointer.toString();
        }
    }
}
