package org.sluis.policy;

import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.template.SluisVocabulary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Compiles {@code dateTime} and {@code elapsedTime} constraints into an interval test on the
 * request's time, so deciding compares two instants and nothing else.
 *
 * <ul>
 *   <li>{@code dateTime} against an {@code xsd:dateTime}: exact to the instant ({@code lt t} holds
 *       until just before {@code t}, {@code lteq t} also at {@code t}). Against an {@code xsd:date}
 *       the date is the whole UTC day, as {@link org.sluis.contracts.agreement.AgreementTerms#validUntil}
 *       reads it: {@code lt d} ends at the start of {@code d}, {@code lteq d} at the start of the
 *       next day, {@code gteq d} starts at the start of {@code d}, {@code gt d} at the start of the
 *       next day, {@code eq d} is that day.</li>
 *   <li>{@code elapsedTime}: a number with a QUDT unit ({@link SluisVocabulary#DAY},
 *       {@link SluisVocabulary#HOUR}, {@link SluisVocabulary#MINUTE}, {@link SluisVocabulary#SECOND};
 *       the codec has no {@code xsd:duration} literal), measured from the agreement's start:
 *       {@code elapsedTime lteq N} holds exactly while {@code time <= start + N units}.</li>
 * </ul>
 * Operators: {@code eq, neq, lt, lteq, gt, gteq}; the others have no meaning for a moment.
 */
final class TimeConditions {

    private static final Map<String, Long> UNIT_SECONDS = Map.of(SluisVocabulary.DAY, 86_400L,
            SluisVocabulary.HOUR, 3_600L, SluisVocabulary.MINUTE, 60L, SluisVocabulary.SECOND, 1L);
    private static final Map<String, String> UNIT_NAMES = Map.of(SluisVocabulary.DAY, "day(s)",
            SluisVocabulary.HOUR, "hour(s)", SluisVocabulary.MINUTE, "minute(s)", SluisVocabulary.SECOND, "second(s)");

    private final Instant start;

    TimeConditions(Instant start) {
        this.start = start;
    }

    /** An interval {@code [from, until)}, either end open when null, possibly negated. */
    private record Interval(Instant from, Instant until, boolean negate) {
        boolean contains(Instant t) {
            boolean inside = (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
            return inside != negate;
        }

        /** The interval a comparison of the time with {@code [lo, hi)} gives; lo == hi minus 1 ns for an instant. */
        static Interval of(Operator op, Instant lo, Instant hi) {
            return switch (op) {
                case LT -> new Interval(null, lo, false);
                case LTEQ -> new Interval(null, hi, false);
                case GT -> new Interval(hi, null, false);
                case GTEQ -> new Interval(lo, null, false);
                case EQ -> new Interval(lo, hi, false);
                default -> new Interval(lo, hi, true);
            };
        }
    }

    Condition dateTime(Constraint.Atomic c, String label, List<Reason> problems) {
        List<RightOperand.Scalar> scalars = ConditionCompiler.scalars(c, label, problems);
        if (scalars.isEmpty()) {
            return null;
        }
        if (!isComparison(c.operator())) {
            problems.add(ConditionCompiler.unsupported(c, label));
            return null;
        }
        Instant lo;
        Instant hi;
        String shown;
        if (scalars.get(0) instanceof RightOperand.DateTime dt) {
            lo = dt.value().toInstant();
            hi = plusNano(lo);
            shown = dt.value().toString();
        } else if (scalars.get(0) instanceof RightOperand.Date d) {
            lo = startOf(d.value());
            hi = startOf(d.value().plusDays(1));
            shown = d.value() + " (UTC day)";
        } else {
            problems.add(ConditionCompiler.invalid("expected an xsd:date or xsd:dateTime for left operand 'dateTime',"
                    + " found " + scalars.get(0), label));
            return null;
        }
        Interval interval = Interval.of(c.operator(), lo, hi);
        String expected = " is not " + moment(c.operator()) + " " + shown + " (" + label + ")";
        return Condition.Atomic.of(Reason.TIME_NOT_PERMITTED, r -> interval.contains(r.time()),
                r -> "time " + r.time() + expected);
    }

    Condition elapsedTime(Constraint.Atomic c, String label, List<Reason> problems) {
        List<RightOperand.Scalar> scalars = ConditionCompiler.scalars(c, label, problems);
        if (scalars.isEmpty()) {
            return null;
        }
        if (!isComparison(c.operator())) {
            problems.add(ConditionCompiler.unsupported(c, label));
            return null;
        }
        if (!(scalars.get(0) instanceof RightOperand.Numeric n)) {
            problems.add(ConditionCompiler.invalid("expected a number for left operand 'elapsedTime', found "
                    + scalars.get(0), label));
            return null;
        }
        Long unitSeconds = c.unit().map(UNIT_SECONDS::get).orElse(null);
        if (unitSeconds == null) {
            problems.add(ConditionCompiler.invalid("expected the unit of an elapsedTime to be one of "
                    + UNIT_SECONDS.keySet().stream().sorted().toList() + ", found " + c.unit().orElse("none"), label));
            return null;
        }
        Instant bound = after(start, n.value(), unitSeconds);
        Interval interval = Interval.of(c.operator(), bound, plusNano(bound));
        String unitName = UNIT_NAMES.get(c.unit().get());
        String expected = " " + unitName + " after the agreement started at " + start + ", expected "
                + quantity(c.operator()) + " " + n.value().toPlainString() + " " + unitName + ", that is "
                + moment(c.operator()) + " " + bound + " (" + label + ")";
        BigDecimal perUnit = BigDecimal.valueOf(unitSeconds);
        return Condition.Atomic.of(Reason.ELAPSED_TIME_NOT_PERMITTED, r -> interval.contains(r.time()),
                r -> "time " + r.time() + " is " + elapsed(start, r.time(), perUnit) + expected);
    }

    /**
     * The moment a number of units after a start, clamped to the representable range.
     *
     * @param from        the start
     * @param amount      how many units, possibly fractional or negative
     * @param unitSeconds seconds per unit
     * @return {@code from + amount * unit}
     */
    static Instant after(Instant from, BigDecimal amount, long unitSeconds) {
        BigDecimal seconds = amount.multiply(BigDecimal.valueOf(unitSeconds));
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return from.plusSeconds(whole.longValueExact()).plusNanos(nanos);
        } catch (ArithmeticException | DateTimeException e) {
            return seconds.signum() > 0 ? Instant.MAX : Instant.MIN;
        }
    }

    /** Seconds per unit of a supported elapsedTime unit, or null. */
    static Long unitSeconds(String unit) {
        return UNIT_SECONDS.get(unit);
    }

    private static String elapsed(Instant from, Instant to, BigDecimal perUnit) {
        Duration d = Duration.between(from, to);
        BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
        return seconds.divide(perUnit, 3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant plusNano(Instant t) {
        return t.equals(Instant.MAX) ? t : t.plusNanos(1);
    }

    private static boolean isComparison(Operator op) {
        return op.isOrdering() || op == Operator.EQ || op == Operator.NEQ;
    }

    /** How a moment compares, in words: "before", "at or before", ... */
    static String moment(Operator op) {
        return switch (op) {
            case LT -> "before";
            case LTEQ -> "at or before";
            case GT -> "after";
            case GTEQ -> "at or after";
            case EQ -> "at";
            default -> "other than";
        };
    }

    /** How a quantity compares, in words: "less than", "at most", ... */
    static String quantity(Operator op) {
        return switch (op) {
            case LT -> "less than";
            case LTEQ -> "at most";
            case GT -> "more than";
            case GTEQ -> "at least";
            case EQ -> "exactly";
            default -> "other than";
        };
    }

    /** Compares two numbers with an ordering, eq or neq operator. */
    static boolean compare(Operator op, long actual, long bound) {
        return switch (op) {
            case LT -> actual < bound;
            case LTEQ -> actual <= bound;
            case GT -> actual > bound;
            case GTEQ -> actual >= bound;
            case EQ -> actual == bound;
            default -> actual != bound;
        };
    }
}
