package org.sluis.contracts.canonical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Naive reference for ECMA-262 Number::toString, used only to cross-check
 * {@link Es6NumberFormatter}: no fast paths, every precision 1..17 searched on the exact value,
 * round trips checked with {@link Double#parseDouble}, layout done with string operations.
 */
final class ReferenceEs6Number {

    private ReferenceEs6Number() {
    }

    static String toString(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not finite: " + v);
        }
        if (v == 0) {
            return "0";
        }
        if (v < 0) {
            return "-" + toString(-v);
        }
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal below = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean belowOk = Double.parseDouble(below.toString()) == v;
            boolean aboveOk = Double.parseDouble(above.toString()) == v;
            BigDecimal chosen = null;
            if (belowOk && aboveOk) {
                int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                chosen = cmp < 0 ? below : cmp > 0 ? above
                        : below.unscaledValue().testBit(0) ? above : below;
            } else if (belowOk) {
                chosen = below;
            } else if (aboveOk) {
                chosen = above;
            }
            if (chosen != null) {
                return layout(chosen.stripTrailingZeros());
            }
        }
        throw new AssertionError("no round trip for " + v);
    }

    private static String layout(BigDecimal d) {
        String digits = d.unscaledValue().toString();
        int k = digits.length();
        int n = k - d.scale();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        String exponent = "e" + (n - 1 > 0 ? "+" : "-") + Math.abs(n - 1);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }
}
