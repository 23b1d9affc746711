package org.sluis.policy;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;
import org.sluis.contracts.template.SluisVocabulary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns duties (a permission's duties and the policy-level obligations) into {@link Obligation}s.
 * The set is closed, because the exchange must be able to promise to fulfil every duty of an
 * access it permits:
 *
 * <ul>
 *   <li>{@link SluisVocabulary#PSEUDONYMISE} refined by {@code field isAllOf [..]} (or {@code eq f})
 *       gives {@link Obligation.Pseudonymise} with key label {@code agreement:<agreementId>};</li>
 *   <li>{@link SluisVocabulary#DROP} refined by {@code field} gives {@link Obligation.DropFields};</li>
 *   <li>{@link SluisVocabulary#AGGREGATE} refined by an optional {@code field isAllOf [groupBy]} and
 *       {@code minGroupSize gteq k} (or {@code gt k-1}) gives {@link Obligation.Aggregate};</li>
 *   <li>{@link SluisVocabulary#CAP_RECORDS} refined by {@code absoluteSize lteq N} (or {@code lt N+1})
 *       gives {@link Obligation.CapRecords};</li>
 *   <li>{@code delete} whose constraints fix a deadline gives {@link Obligation.DeleteBy}: each
 *       {@code elapsedTime} constraint (with a time unit) gives {@code start + N units}, each
 *       {@code dateTime} constraint its boundary ({@code gteq 2027-12-31}: from the start of that
 *       UTC day, as {@code corridor-industrial} writes it; {@code lteq d}: by the end of day
 *       {@code d}); the earliest wins;</li>
 *   <li>{@code attribute} gives nothing: crediting the source is the consumer's own later act, which
 *       the exchange neither performs nor can check, and the agreement binds the consumer to it;</li>
 *   <li>any other action is {@link Reason#UNKNOWN_DUTY}, and a known action stated so that it cannot
 *       be fulfilled (no fields, a field the dataset lacks, an unknown refinement) is
 *       {@link Reason#INVALID_DUTY}: the agreement then denies every request.</li>
 * </ul>
 * Constraints of the non-delete duties say when the duty applies; they are compiled like a
 * permission's constraints and the obligation is added only when they hold. Consequences (what
 * follows when a duty is not fulfilled) concern infringements after the fact and play no part in
 * a decision.
 */
final class DutyCompiler {

    /**
     * A compiled duty.
     *
     * @param when        the conditions under which it applies; empty: always
     * @param obligations what it obliges the exchange to do, possibly nothing
     */
    record CompiledDuty(List<Condition> when, List<Obligation> obligations) {
    }

    private final AgreementContext context;
    private final ConditionCompiler conditions;

    DutyCompiler(AgreementContext context, ConditionCompiler conditions) {
        this.context = context;
        this.conditions = conditions;
    }

    CompiledDuty compile(Rule.Duty duty, String owner, List<Reason> problems) {
        String action = duty.action().value();
        String label = "duty " + action + " of " + owner;
        Optional<Obligation> obligation;
        if (action.equals(Action.DELETE.value())) {
            return new CompiledDuty(List.of(), deleteBy(duty, label, problems).map(List::of).orElse(List.of()));
        } else if (action.equals(Action.ATTRIBUTE.value())) {
            return new CompiledDuty(List.of(), List.of());
        } else if (action.equals(SluisVocabulary.PSEUDONYMISE)) {
            obligation = fields(duty.action(), label, Set.of(), problems)
                    .map(f -> new Obligation.Pseudonymise(requireInDataset(f, label, problems),
                            "agreement:" + context.agreementId()));
        } else if (action.equals(SluisVocabulary.DROP)) {
            obligation = fields(duty.action(), label, Set.of(), problems).map(Obligation.DropFields::new);
        } else if (action.equals(SluisVocabulary.AGGREGATE)) {
            obligation = aggregate(duty.action(), label, problems);
        } else if (action.equals(SluisVocabulary.CAP_RECORDS)) {
            obligation = cap(duty.action(), label, problems);
        } else {
            problems.add(new Reason(Reason.UNKNOWN_DUTY, "duty '" + action + "' is not one the exchange can fulfil"
                    + " (pseudonymise, drop, aggregate, capRecords, delete) or leave to the consumer (attribute), so no"
                    + " request under this agreement is permitted (" + label + ")"));
            return new CompiledDuty(List.of(), List.of());
        }
        List<Condition> when = new ArrayList<>();
        for (Constraint c : duty.constraints()) {
            when.add(conditions.compile(c, label, problems));
        }
        return new CompiledDuty(when, obligation.map(List::of).orElse(List.of()));
    }

    private static Reason invalid(String what, String label) {
        return new Reason(Reason.INVALID_DUTY, what + ", so the exchange cannot fulfil the duty and no request under"
                + " this agreement is permitted (" + label + ")");
    }

    /** The fields of a field refinement; other refinements, except the allowed left operands, are problems. */
    private Optional<Set<String>> fields(Action action, String label, Set<String> alsoAllowed, List<Reason> problems) {
        Set<String> fields = null;
        for (Constraint r : action.refinements()) {
            if (!(r instanceof Constraint.Atomic a)) {
                problems.add(invalid("expected only atomic refinements, found a logical one", label));
                return Optional.empty();
            }
            if (alsoAllowed.contains(a.leftOperand())) {
                continue;
            }
            if (!a.leftOperand().equals(SluisVocabulary.FIELD)
                    || a.operator() != Operator.IS_ALL_OF && a.operator() != Operator.EQ) {
                problems.add(invalid("expected a refinement '" + SluisVocabulary.FIELD + " isAllOf [..]', found '"
                        + a.leftOperand() + " " + a.operator().term() + "'", label));
                return Optional.empty();
            }
            List<String> names = ConditionCompiler.strings(a, false, label, problems);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            fields = fields == null ? new LinkedHashSet<>() : fields;
            fields.addAll(names);
        }
        if (fields == null && alsoAllowed.isEmpty()) {
            problems.add(invalid("expected a refinement '" + SluisVocabulary.FIELD + " isAllOf [..]' naming the fields,"
                    + " found none", label));
            return Optional.empty();
        }
        return Optional.of(fields == null ? Set.of() : fields);
    }

    private Set<String> requireInDataset(Set<String> fields, String label, List<Reason> problems) {
        Set<String> missing = new TreeSet<>(fields);
        missing.removeAll(context.dataset().fields());
        if (!missing.isEmpty()) {
            problems.add(invalid("fields " + missing + " are not fields of dataset " + context.dataset().datasetId()
                    + " " + new TreeSet<>(context.dataset().fields()), label));
        }
        return fields;
    }

    private Optional<Obligation> aggregate(Action action, String label, List<Reason> problems) {
        Optional<Set<String>> groupBy = fields(action, label, Set.of(SluisVocabulary.MIN_GROUP_SIZE), problems);
        Optional<Long> k = bound(action, SluisVocabulary.MIN_GROUP_SIZE, Operator.GTEQ, label, problems);
        if (groupBy.isEmpty() || k.isEmpty()) {
            return Optional.empty();
        }
        if (k.get() < 1 || k.get() > Integer.MAX_VALUE) {
            problems.add(invalid("expected a minimum group size from 1, found " + k.get(), label));
            return Optional.empty();
        }
        requireInDataset(groupBy.get(), label, problems);
        return Optional.of(new Obligation.Aggregate(List.copyOf(groupBy.get()), (int) (long) k.get()));
    }

    private Optional<Obligation> cap(Action action, String label, List<Reason> problems) {
        for (Constraint r : action.refinements()) {
            if (!(r instanceof Constraint.Atomic a) || !a.leftOperand().equals(LeftOperands.ABSOLUTE_SIZE)) {
                problems.add(invalid("expected only the refinement 'absoluteSize lteq N', found " + r, label));
                return Optional.empty();
            }
        }
        return bound(action, LeftOperands.ABSOLUTE_SIZE, Operator.LTEQ, label, problems).map(Obligation.CapRecords::new);
    }

    /**
     * The whole-number bound of a refinement, normalised to {@code inclusive}: gteq k or gt k-1 for
     * a lower bound, lteq n or lt n+1 for an upper one.
     */
    private static Optional<Long> bound(Action action, String leftOperand, Operator inclusive, String label,
                                        List<Reason> problems) {
        Operator strict = inclusive == Operator.GTEQ ? Operator.GT : Operator.LT;
        for (Constraint r : action.refinements()) {
            if (r instanceof Constraint.Atomic a && a.leftOperand().equals(leftOperand)) {
                long n;
                try {
                    n = a.rightOperand() instanceof RightOperand.Numeric num ? num.value().longValueExact() : -1;
                } catch (ArithmeticException e) {
                    n = -1;
                }
                if (n < 0 || a.operator() != inclusive && a.operator() != strict) {
                    problems.add(invalid("expected '" + leftOperand + " " + inclusive.term() + "' with a whole number,"
                            + " found '" + a.operator().term() + " " + a.rightOperand() + "'", label));
                    return Optional.empty();
                }
                return Optional.of(a.operator() == inclusive ? n : inclusive == Operator.GTEQ ? n + 1 : n - 1);
            }
        }
        problems.add(invalid("expected a refinement '" + leftOperand + " " + inclusive.term() + " N', found none", label));
        return Optional.empty();
    }

    private Optional<Obligation> deleteBy(Rule.Duty duty, String label, List<Reason> problems) {
        Instant deadline = null;
        for (Constraint c : duty.constraints()) {
            Instant due = c instanceof Constraint.Atomic a ? due(a) : null;
            if (due == null) {
                problems.add(invalid("expected the deadline of a delete duty as 'elapsedTime lteq N' with a time unit"
                        + " or as a 'dateTime' bound, found " + c, label));
                return Optional.empty();
            }
            deadline = deadline == null || due.isBefore(deadline) ? due : deadline;
        }
        if (deadline == null) {
            problems.add(invalid("expected a delete duty to state its deadline, found no constraint", label));
            return Optional.empty();
        }
        return Optional.of(new Obligation.DeleteBy(deadline));
    }

    /** The moment a delete constraint's bound falls on, or null if it states no deadline. */
    private Instant due(Constraint.Atomic a) {
        Operator op = a.operator();
        if (!op.isOrdering() && op != Operator.EQ) {
            return null;
        }
        if (a.leftOperand().equals(LeftOperands.ELAPSED_TIME) && a.rightOperand() instanceof RightOperand.Numeric n) {
            Long unit = a.unit().map(TimeConditions::unitSeconds).orElse(null);
            return unit == null ? null : TimeConditions.after(context.start(), n.value(), unit);
        }
        if (!a.leftOperand().equals(LeftOperands.DATE_TIME) || a.unit().isPresent()) {
            return null;
        }
        if (a.rightOperand() instanceof RightOperand.DateTime dt) {
            return dt.value().toInstant();
        }
        if (a.rightOperand() instanceof RightOperand.Date d) {
            LocalDate day = op == Operator.LTEQ || op == Operator.GT ? d.value().plusDays(1) : d.value();
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    /** Keeps one obligation per kind where they combine: fields unite, the smallest cap and earliest deadline win. */
    static List<Obligation> merge(List<Obligation> all) {
        Set<String> drop = new TreeSet<>();
        Set<String> pseudonymise = new TreeSet<>();
        String keyLabel = null;
        Long cap = null;
        Instant deadline = null;
        List<Obligation> others = new ArrayList<>();
        for (Obligation o : all) {
            if (o instanceof Obligation.DropFields d) {
                drop.addAll(d.fields());
            } else if (o instanceof Obligation.Pseudonymise p) {
                pseudonymise.addAll(p.fields());
                keyLabel = p.keyLabel();
            } else if (o instanceof Obligation.CapRecords c) {
                cap = cap == null ? c.max() : Math.min(cap, c.max());
            } else if (o instanceof Obligation.DeleteBy d) {
                deadline = deadline == null || d.deadline().isBefore(deadline) ? d.deadline() : deadline;
            } else if (!others.contains(o)) {
                others.add(o);
            }
        }
        List<Obligation> merged = new ArrayList<>();
        if (!drop.isEmpty()) {
            merged.add(new Obligation.DropFields(drop));
        }
        if (!pseudonymise.isEmpty()) {
            merged.add(new Obligation.Pseudonymise(pseudonymise, keyLabel));
        }
        merged.addAll(others);
        if (cap != null) {
            merged.add(new Obligation.CapRecords(cap));
        }
        if (deadline != null) {
            merged.add(new Obligation.DeleteBy(deadline));
        }
        return List.copyOf(merged);
    }
}
