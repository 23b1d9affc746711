package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;

/**
 * The order of aggregate groups, and their identity: two records fall into one group exactly
 * when their grouping values compare equal here. Values compare by kind first (missing and null,
 * then booleans, numbers, strings, and nested values last), then within the kind: false before
 * true, numbers by value (so {@code 1} and {@code 1.0} are one group), strings by UTF-16 code
 * units ({@link String#compareTo}, the same on every JVM), nested values by their compact JSON
 * text. A total order, so the output of an aggregate is the same whatever the input order.
 */
final class GroupOrder implements Comparator<JsonNode[]> {
    static final GroupOrder INSTANCE = new GroupOrder();

    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int NUMBER = 2;
    private static final int STRING = 3;
    private static final int NESTED = 4;

    private GroupOrder() {
    }

    @Override
    public int compare(JsonNode[] a, JsonNode[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compareValues(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    static int compareValues(JsonNode a, JsonNode b) {
        int ka = kind(a);
        int kb = kind(b);
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        switch (ka) {
            case NULL:
                return 0;
            case BOOLEAN:
                return Boolean.compare(a.booleanValue(), b.booleanValue());
            case NUMBER:
                return compareNumbers(a, b);
            case STRING:
                return a.textValue().compareTo(b.textValue());
            default:
                return a.toString().compareTo(b.toString());
        }
    }

    private static int kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NULL;
        }
        if (v.isBoolean()) {
            return BOOLEAN;
        }
        if (v.isNumber()) {
            return NUMBER;
        }
        if (v.isTextual()) {
            return STRING;
        }
        return NESTED;
    }

    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (!Double.isFinite(da) || !Double.isFinite(db)) {
            return Double.compare(da, db); // NaN and the infinities have no BigDecimal
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }
}
