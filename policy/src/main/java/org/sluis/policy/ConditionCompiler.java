package org.sluis.policy;

import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.template.SluisVocabulary;
import org.sluis.policy.vocabulary.PurposeVocabulary;
import org.sluis.policy.vocabulary.Regions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns ODRL constraints into {@link Condition}s. What cannot be evaluated (an unknown left
 * operand, an operator without meaning for its operand, a right operand of the wrong kind) is
 * reported as a problem and compiled to a condition that never holds; the agreement as a whole
 * then denies every request (see {@link AgreementCompiler}).
 *
 * <p>Semantics per left operand (operators not listed are unsupported):
 * <ul>
 *   <li>{@code purpose} (text or IRI values): {@code eq}/{@code neq} exact; {@code isA X}: X or a
 *       narrower purpose; {@code isAnyOf}/{@code isNoneOf}: any/none of the values or a narrower
 *       purpose (so an agreement for {@code scientific-research} admits {@code
 *       clinical-trial-research}, as {@code isA} would); {@code isAllOf}: a kind of every value;</li>
 *   <li>{@code dateTime}, {@code elapsedTime}: see {@link TimeConditions};</li>
 *   <li>{@code count} (non-negative integer, no unit or {@link org.sluis.contracts.template.SluisVocabulary#PER_DAY}):
 *       the uses including this one, {@code priorUses + 1} (per UTC day: {@code priorUsesToday + 1}),
 *       with {@code eq, neq, lt, lteq, gt, gteq};</li>
 *   <li>{@code recipient} (IRI or text values): {@code eq}/{@code neq} the caller's IRI; {@code isA X}:
 *       the caller is X or belongs to category X; {@code isAnyOf}/{@code isNoneOf}/{@code isAllOf}
 *       the same, for any/none/all of the values (IRIs and categories may be mixed);</li>
 *   <li>{@code spatial} (text ISO 3166 codes known to {@link Regions}): the caller's region
 *       {@code eq}/{@code neq} a region; {@code isPartOf X}: X or within X; {@code isAnyOf}/
 *       {@code isNoneOf}/{@code isAllOf}: within any/none/all of the values. An absent or unknown
 *       caller region never satisfies a spatial constraint, negated or not.</li>
 * </ul>
 */
final class ConditionCompiler {

    private final PurposeVocabulary purposes;
    private final Regions regions;
    private final TimeConditions times;
    private boolean countsUses;

    ConditionCompiler(PurposeVocabulary purposes, Regions regions, Instant start) {
        this.purposes = purposes;
        this.regions = regions;
        this.times = new TimeConditions(start);
    }

    /** True once a {@code count} constraint has been compiled. */
    boolean countsUses() {
        return countsUses;
    }

    /**
     * Compiles one constraint.
     *
     * @param constraint the constraint
     * @param rule       the rule it belongs to, for messages, e.g. {@code permission use}
     * @param problems   where what cannot be evaluated is reported
     * @return the condition; one that never holds if a problem was reported
     */
    Condition compile(Constraint constraint, String rule, List<Reason> problems) {
        if (constraint instanceof Constraint.Logical logical) {
            List<Condition> operands = new ArrayList<>();
            for (Constraint c : logical.constraints()) {
                operands.add(compile(c, rule, problems));
            }
            return new Condition.Logical(logical.operator(), operands, rule + ": " + logical.operator().term());
        }
        Constraint.Atomic atomic = (Constraint.Atomic) constraint;
        String label = rule + ": " + atomic.leftOperand() + " " + atomic.operator().term();
        int before = problems.size();
        Condition compiled = switch (atomic.leftOperand()) {
            case LeftOperands.PURPOSE -> purpose(atomic, label, problems);
            case LeftOperands.RECIPIENT -> recipient(atomic, label, problems);
            case LeftOperands.SPATIAL -> spatial(atomic, label, problems);
            case LeftOperands.DATE_TIME -> times.dateTime(atomic, label, problems);
            case LeftOperands.ELAPSED_TIME -> times.elapsedTime(atomic, label, problems);
            case LeftOperands.COUNT -> count(atomic, label, problems);
            default -> {
                problems.add(new Reason(Reason.UNKNOWN_LEFT_OPERAND, "left operand '" + atomic.leftOperand()
                        + "' is not one the exchange can evaluate (purpose, dateTime, elapsedTime, count, recipient,"
                        + " spatial), so no request under this agreement is permitted (" + label + ")"));
                yield null;
            }
        };
        return compiled == null || problems.size() > before ? never(label) : compiled;
    }

    static Condition never(String label) {
        return Condition.Atomic.of(Reason.UNKNOWN_LEFT_OPERAND, r -> false,
                r -> "the constraint cannot be evaluated (" + label + ")");
    }

    static Reason unsupported(Constraint.Atomic c, String label) {
        return new Reason(Reason.UNSUPPORTED_OPERATOR, "operator '" + c.operator().term() + "' has no meaning for left"
                + " operand '" + c.leftOperand() + "', so no request under this agreement is permitted (" + label + ")");
    }

    static Reason invalid(String what, String label) {
        return new Reason(Reason.INVALID_RIGHT_OPERAND, what + ", so no request under this agreement is permitted ("
                + label + ")");
    }

    /** The right operand's members as strings, if they are text or IRIs and a list exactly when the operator needs one. */
    static List<String> strings(Constraint.Atomic c, boolean allowIri, String label, List<Reason> problems) {
        List<RightOperand.Scalar> scalars = scalars(c, label, problems);
        List<String> out = new ArrayList<>();
        for (RightOperand.Scalar s : scalars) {
            if (s instanceof RightOperand.Text t) {
                out.add(t.value());
            } else if (allowIri && s instanceof RightOperand.Iri i) {
                out.add(i.value());
            } else {
                problems.add(invalid("expected " + (allowIri ? "text or IRI" : "text") + " values for left operand '"
                        + c.leftOperand() + "', found " + s, label));
                return List.of();
            }
        }
        return out;
    }

    static List<RightOperand.Scalar> scalars(Constraint.Atomic c, String label, List<Reason> problems) {
        RightOperand right = c.rightOperand();
        if (c.operator().needsList() != right instanceof RightOperand.ListOf) {
            problems.add(invalid("expected " + (c.operator().needsList() ? "a list" : "a single value")
                    + " for operator '" + c.operator().term() + "', found " + right, label));
            return List.of();
        }
        if (c.unit().isPresent() && !LeftOperands.COUNT.equals(c.leftOperand())
                && !LeftOperands.ELAPSED_TIME.equals(c.leftOperand())) {
            problems.add(invalid("expected no unit on left operand '" + c.leftOperand() + "', found "
                    + c.unit().get(), label));
            return List.of();
        }
        return right instanceof RightOperand.ListOf list ? list.values() : List.of((RightOperand.Scalar) right);
    }

    private Condition purpose(Constraint.Atomic c, String label, List<Reason> problems) {
        List<String> values = strings(c, true, label, problems);
        if (values.isEmpty()) {
            return null;
        }
        String first = values.get(0);
        Set<String> accepted;
        boolean negate = false;
        String failure;
        switch (c.operator()) {
            case EQ -> {
                accepted = Set.of(first);
                failure = " is not '" + first + "'";
            }
            case NEQ -> {
                accepted = Set.of(first);
                negate = true;
                failure = " is the excluded purpose '" + first + "'";
            }
            case IS_A -> {
                accepted = purposes.withNarrower(first);
                failure = " is not '" + first + "' or a narrower purpose";
            }
            case IS_ANY_OF, IS_NONE_OF -> {
                Set<String> union = new HashSet<>();
                values.forEach(v -> union.addAll(purposes.withNarrower(v)));
                accepted = Set.copyOf(union);
                negate = c.operator() == Operator.IS_NONE_OF;
                failure = negate ? " is one of the excluded purposes " + values + " or a narrower one"
                        : " is not one of the permitted purposes " + values;
            }
            case IS_ALL_OF -> {
                Set<String> all = new HashSet<>(purposes.withNarrower(first));
                values.forEach(v -> all.retainAll(purposes.withNarrower(v)));
                accepted = Set.copyOf(all);
                failure = " is not a kind of every one of the purposes " + values;
            }
            default -> {
                problems.add(unsupported(c, label));
                return null;
            }
        }
        boolean excluded = negate;
        String suffix = failure + " (" + label + ")";
        return Condition.Atomic.of(Reason.PURPOSE_NOT_PERMITTED, r -> accepted.contains(r.purpose()) != excluded,
                r -> "purpose '" + r.purpose() + "'" + suffix);
    }

    private Condition recipient(Constraint.Atomic c, String label, List<Reason> problems) {
        List<String> values = strings(c, true, label, problems);
        if (values.isEmpty()) {
            return null;
        }
        String first = values.get(0);
        Set<String> set = Set.copyOf(values);
        Predicate<AccessRequest> test;
        String failure;
        switch (c.operator()) {
            case EQ -> {
                test = r -> r.caller().equals(first);
                failure = " is not the permitted recipient " + first;
            }
            case NEQ -> {
                test = r -> !r.caller().equals(first);
                failure = " is the excluded recipient " + first;
            }
            case IS_A -> {
                test = r -> r.caller().equals(first) || r.callerCategories().contains(first);
                failure = " is neither " + first + " nor in that category";
            }
            case IS_ANY_OF -> {
                test = r -> matchesAny(r, set);
                failure = " is none of, and in no category of, the permitted recipients " + values;
            }
            case IS_NONE_OF -> {
                test = r -> !matchesAny(r, set);
                failure = " is one of, or in a category of, the excluded recipients " + values;
            }
            case IS_ALL_OF -> {
                test = r -> {
                    for (String v : set) {
                        if (!r.caller().equals(v) && !r.callerCategories().contains(v)) {
                            return false;
                        }
                    }
                    return true;
                };
                failure = " is not in every one of " + values;
            }
            default -> {
                problems.add(unsupported(c, label));
                return null;
            }
        }
        String suffix = failure + " (" + label + ")";
        return Condition.Atomic.of(Reason.RECIPIENT_NOT_PERMITTED, test,
                r -> "caller " + r.caller() + " (categories " + new TreeSet<>(r.callerCategories()) + ")"
                        + suffix);
    }

    private static boolean matchesAny(AccessRequest r, Set<String> values) {
        if (values.contains(r.caller())) {
            return true;
        }
        for (String category : r.callerCategories()) {
            if (values.contains(category)) {
                return true;
            }
        }
        return false;
    }

    private Condition spatial(Constraint.Atomic c, String label, List<Reason> problems) {
        List<String> values = strings(c, false, label, problems);
        if (values.isEmpty()) {
            return null;
        }
        for (String v : values) {
            if (!regions.contains(v)) {
                problems.add(invalid("region '" + v + "' is not a known ISO 3166 region", label));
                return null;
            }
        }
        String first = values.get(0);
        Set<String> accepted;
        boolean negate = false;
        String failure;
        switch (c.operator()) {
            case EQ -> {
                accepted = Set.of(first);
                failure = " is not " + first;
            }
            case NEQ -> {
                accepted = Set.of(first);
                negate = true;
                failure = " is the excluded region " + first;
            }
            case IS_PART_OF -> {
                accepted = regions.withContained(first);
                failure = " is not part of " + first;
            }
            case IS_ANY_OF, IS_NONE_OF -> {
                Set<String> union = new HashSet<>();
                values.forEach(v -> union.addAll(regions.withContained(v)));
                accepted = Set.copyOf(union);
                negate = c.operator() == Operator.IS_NONE_OF;
                failure = negate ? " is part of one of the excluded regions " + values
                        : " is not part of any of the regions " + values;
            }
            case IS_ALL_OF -> {
                Set<String> all = new HashSet<>(regions.withContained(first));
                values.forEach(v -> all.retainAll(regions.withContained(v)));
                accepted = Set.copyOf(all);
                failure = " is not part of every one of the regions " + values;
            }
            default -> {
                problems.add(unsupported(c, label));
                return null;
            }
        }
        boolean excluded = negate;
        String suffix = failure + " (" + label + ")";
        Regions known = regions;
        Predicate<AccessRequest> test = r -> {
            if (r.callerRegion().isEmpty()) {
                return false;
            }
            String region = r.callerRegion().get();
            return known.contains(region) && accepted.contains(region) != excluded;
        };
        Function<AccessRequest, Reason> reason = r -> {
            if (r.callerRegion().isEmpty()) {
                return new Reason(Reason.REGION_UNKNOWN, "the request states no caller region, so the constraint"
                        + " cannot be checked (" + label + ")");
            }
            String region = r.callerRegion().get();
            if (!known.contains(region)) {
                return new Reason(Reason.REGION_UNKNOWN, "caller region '" + region
                        + "' is not a known ISO 3166 region (" + label + ")");
            }
            return new Reason(Reason.REGION_NOT_PERMITTED, "caller region " + region + suffix);
        };
        return new Condition.Atomic(test, reason);
    }

    private Condition count(Constraint.Atomic c, String label, List<Reason> problems) {
        countsUses = true;
        List<RightOperand.Scalar> scalars = scalars(c, label, problems);
        if (scalars.isEmpty()) {
            return null;
        }
        if (c.operator().needsList() || c.operator() == Operator.IS_A || c.operator() == Operator.HAS_PART
                || c.operator() == Operator.IS_PART_OF) {
            problems.add(unsupported(c, label));
            return null;
        }
        boolean perDay;
        if (c.unit().isEmpty()) {
            perDay = false;
        } else if (SluisVocabulary.PER_DAY.equals(c.unit().get())) {
            perDay = true;
        } else {
            problems.add(invalid("expected no unit or " + SluisVocabulary.PER_DAY
                    + " on a count, found " + c.unit().get(), label));
            return null;
        }
        long bound;
        try {
            bound = scalars.get(0) instanceof RightOperand.Numeric n ? n.value().longValueExact() : -1;
        } catch (ArithmeticException e) {
            bound = -1;
        }
        if (bound < 0) {
            problems.add(invalid("expected a non-negative whole number for a count, found " + scalars.get(0), label));
            return null;
        }
        long limit = bound;
        Operator op = c.operator();
        String expected = ", expected " + TimeConditions.quantity(op) + " " + limit + (perDay ? " per UTC day" : "")
                + " (" + label + ")";
        return Condition.Atomic.of(Reason.COUNT_NOT_PERMITTED,
                r -> TimeConditions.compare(op, (perDay ? r.priorUsesToday() : r.priorUses()) + 1, limit),
                r -> "this access would be use " + ((perDay ? r.priorUsesToday() : r.priorUses()) + 1)
                        + (perDay ? " of the agreement today" : " of the agreement") + expected);
    }
}
