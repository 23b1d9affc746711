package org.sluis.contracts.canonical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Serialises an IEEE-754 double exactly like ECMAScript {@code Number.prototype.toString()}, as
 * RFC 8785 §3.2.2.3 requires (ECMA-262 "Number::toString", including Note 2: among the shortest
 * decimals that round to the value pick the closest, ties to an even last digit).
 *
 * <h2>Algorithm</h2>
 * The output is {@code s × 10^(n−k)} with {@code k} the smallest digit count for which some
 * {@code k}-digit decimal reads back as the same double. It is found in three tiers, each exact:
 * <ol>
 *   <li><b>Safe integers.</b> An integral {@code |v| ≤ 2^53} is printed as the integer itself:
 *       every neighbouring double is at least 1 away, so no shorter decimal can round to it.</li>
 *   <li><b>At most 15 digits (normal doubles).</b> Any decimal of at most 15 significant digits
 *       survives decimal → double → decimal (15 = DBL_DIG, since 10^15 &lt; 2^52), so at most one
 *       such decimal rounds to a given normal double, and if one exists it is the shortest. Java's
 *       {@code Double.toString} (not always shortest on JDK 17, JDK-4511638) supplies a candidate;
 *       when it has at most 15 digits it is <em>verified</em> with one correctly rounded double
 *       multiplication or division of exact operands (Clinger's fast path), never trusted.</li>
 *   <li><b>Everything else</b> (16–17 digits, subnormals, exponents outside the fast-path range):
 *       exact search on {@code new BigDecimal(v)}. Normal values first try the half-even
 *       15-digit rounding (unique by the argument above); then, for each precision {@code p}
 *       (16–17, or 1–17 for subnormals), the nearest {@code p}-digit decimals below and above the
 *       exact value are read back with the JDK's correctly rounded parser and the closest one that
 *       round-trips is taken, ties to the even digit.</li>
 * </ol>
 * The digits are then laid out by the ECMAScript rules: plain integer for {@code k ≤ n ≤ 21},
 * fixed point for {@code −6 < n ≤ 21}, otherwise {@code d[.ddd]e±x}.
 *
 * <p>Instances hold scratch state and are <b>not</b> thread-safe; {@link CanonicalWriter} owns one
 * per canonicalisation. Tier 3 allocates; tiers 1 and 2 (integers and "human" decimals such as
 * prices, coordinates, {@code 4.5}, {@code 0.002}) do not allocate beyond the JDK's own formatter.
 */
final class Es6NumberFormatter {

    /** Longest possible output, e.g. {@code -1.2345678901234567e-308} (24) or {@code -0.0000012345678901234567} (25). */
    static final int MAX_LENGTH = 32;

    private static final double TWO_POW_53 = 9007199254740992.0;
    /** Powers of ten that are exact doubles: 10^0 .. 10^22. */
    private static final double[] EXACT_POW10 = new double[23];
    private static final long[] LONG_POW10 = new long[19];
    private static final MathContext HALF_EVEN_15 = new MathContext(15, RoundingMode.HALF_EVEN);
    private static final MathContext[] FLOOR = new MathContext[18];
    private static final MathContext[] CEILING = new MathContext[18];

    static {
        double d = 1;
        for (int i = 0; i < EXACT_POW10.length; i++, d *= 10) {
            EXACT_POW10[i] = d;
        }
        long l = 1;
        for (int i = 0; i < LONG_POW10.length; i++, l *= 10) {
            LONG_POW10[i] = l;
        }
        for (int p = 1; p <= 17; p++) {
            FLOOR[p] = new MathContext(p, RoundingMode.FLOOR);
            CEILING[p] = new MathContext(p, RoundingMode.CEILING);
        }
    }

    private final StringBuilder javaText = new StringBuilder(32);
    private final byte[] digitBuffer = new byte[20];

    /** Significant digits {@code s} of the last decomposition, without trailing zeros. */
    private long significand;
    /** Number of digits {@code k} in {@link #significand}. */
    private int digitCount;
    /** Decimal point position {@code n}: the value is {@code 0.s × 10^n}. */
    private int pointPosition;

    /**
     * Formats a finite double as ECMAScript would.
     *
     * @param value a finite double; {@code -0.0} is written as {@code 0}
     * @return the ECMAScript {@code Number::toString} text
     * @throws IllegalArgumentException if {@code value} is NaN or infinite (RFC 8785 §3.2.2.3)
     */
    static String toString(double value) {
        byte[] out = new byte[MAX_LENGTH];
        int end = new Es6NumberFormatter().format(value, out, 0);
        return new String(out, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * Writes the ECMAScript text of {@code value} as ASCII bytes.
     *
     * @param value a finite double
     * @param out   destination with at least {@link #MAX_LENGTH} bytes free from {@code pos}
     * @param pos   first index to write
     * @return the index after the last byte written
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     */
    int format(double value, byte[] out, int pos) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "expected a finite double (RFC 8785 §3.2.2.3), found " + value);
        }
        if (value == 0) {
            out[pos] = '0';
            return pos + 1;
        }
        double v = value;
        if (v < 0) {
            out[pos++] = '-';
            v = -v;
        }
        long integral = (long) v;
        if (integral == v && v <= TWO_POW_53) {
            return writeDigits(integral, out, pos);
        }
        decompose(v);
        return layout(out, pos);
    }

    /** Tiers 2 and 3: sets significand, digitCount and pointPosition for a positive finite v. */
    private void decompose(double v) {
        if (v >= Double.MIN_NORMAL && fromVerifiedJavaDigits(v)) {
            return;
        }
        BigDecimal exact = new BigDecimal(v);
        BigDecimal best = null;
        int firstPrecision = 1;
        if (v >= Double.MIN_NORMAL) {
            BigDecimal candidate = exact.round(HALF_EVEN_15);
            if (candidate.doubleValue() == v) {
                best = candidate;
            }
            firstPrecision = 16;
        }
        for (int p = firstPrecision; best == null && p <= 17; p++) {
            best = closestRoundTripping(exact, v, p);
        }
        if (best == null) {
            throw new AssertionError("no 17-digit decimal reads back as " + v); // 17 digits always suffice
        }
        BigDecimal stripped = best.stripTrailingZeros();
        significand = stripped.unscaledValue().longValueExact();
        digitCount = stripped.precision();
        pointPosition = digitCount - stripped.scale();
    }

    /** The closest {@code p}-digit decimal that reads back as {@code v}, ties to even, or null. */
    private static BigDecimal closestRoundTripping(BigDecimal exact, double v, int p) {
        BigDecimal below = exact.round(FLOOR[p]);
        BigDecimal above = exact.round(CEILING[p]);
        boolean belowOk = below.doubleValue() == v;
        boolean aboveOk = above.doubleValue() == v;
        if (belowOk && aboveOk) {
            int cmp = exact.subtract(below).compareTo(above.subtract(exact));
            if (cmp != 0) {
                return cmp < 0 ? below : above;
            }
            return below.unscaledValue().testBit(0) ? above : below;
        }
        return belowOk ? below : aboveOk ? above : null;
    }

    /**
     * Tier 2: takes Java's digits when there are at most 15 of them and proves they read back as
     * {@code v} with a single correctly rounded operation on exact operands.
     */
    private boolean fromVerifiedJavaDigits(double v) {
        StringBuilder text = javaText;
        text.setLength(0);
        text.append(v);
        long s = 0;
        int k = 0;
        int n = 0;
        boolean afterPoint = false;
        int i = 0;
        int length = text.length();
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                afterPoint = true;
            } else if (c == 'E') {
                break;
            } else if (s == 0 && c == '0') {
                if (afterPoint) {
                    n--;
                }
            } else {
                if (k == 17) {
                    return false;
                }
                s = s * 10 + (c - '0');
                k++;
                if (!afterPoint) {
                    n++;
                }
            }
        }
        if (i < length) {
            n += Integer.parseInt(text, i + 1, length, 10);
        }
        while (s % 10 == 0) {
            s /= 10;
            k--;
        }
        if (k > 15 || !readsBackAs(s, n - k, v)) {
            return false;
        }
        significand = s;
        digitCount = k;
        pointPosition = n;
        return true;
    }

    /** True if {@code s × 10^e} (s &lt; 10^15, hence exact) rounds to {@code v}; false if unsure. */
    private static boolean readsBackAs(long s, int e, double v) {
        if (e >= 0) {
            if (e <= 22) {
                return s * EXACT_POW10[e] == v;
            }
            int spill = e - 22; // s × 10^spill may still be an exact integer below 2^53
            if (spill < LONG_POW10.length && s <= (1L << 53) / LONG_POW10[spill]) {
                return (s * LONG_POW10[spill]) * EXACT_POW10[22] == v;
            }
            return false;
        }
        return e >= -22 && s / EXACT_POW10[-e] == v;
    }

    /** ECMA-262 Number::toString steps for {@code s × 10^(n−k)}, with s, k, n from decompose. */
    private int layout(byte[] out, int pos) {
        int k = digitCount;
        int n = pointPosition;
        byte[] d = digitBuffer;
        writeDigits(significand, d, 0);
        if (k <= n && n <= 21) {
            pos = copy(d, 0, k, out, pos);
            for (int z = k; z < n; z++) {
                out[pos++] = '0';
            }
            return pos;
        }
        if (0 < n && n <= 21) {
            pos = copy(d, 0, n, out, pos);
            out[pos++] = '.';
            return copy(d, n, k, out, pos);
        }
        if (-6 < n && n <= 0) {
            out[pos++] = '0';
            out[pos++] = '.';
            for (int z = n; z < 0; z++) {
                out[pos++] = '0';
            }
            return copy(d, 0, k, out, pos);
        }
        out[pos++] = d[0];
        if (k > 1) {
            out[pos++] = '.';
            pos = copy(d, 1, k, out, pos);
        }
        out[pos++] = 'e';
        int exponent = n - 1;
        out[pos++] = (byte) (exponent > 0 ? '+' : '-');
        return writeDigits(Math.abs(exponent), out, pos);
    }

    private static int copy(byte[] from, int start, int end, byte[] to, int pos) {
        int count = end - start;
        System.arraycopy(from, start, to, pos, count);
        return pos + count;
    }

    /**
     * Writes the decimal digits of a non-negative long.
     *
     * @return the index after the last digit
     */
    static int writeDigits(long value, byte[] out, int pos) {
        int count = 1;
        while (count < LONG_POW10.length && value >= LONG_POW10[count]) {
            count++;
        }
        int end = pos + count;
        long rest = value;
        for (int i = end - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + (int) (rest % 10));
            rest /= 10;
        }
        return end;
    }
}
