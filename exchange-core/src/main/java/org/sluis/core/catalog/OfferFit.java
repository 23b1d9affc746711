package org.sluis.core.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

/**
 * Whether a consumer's request (who, for which purpose) fits an Offer, judged on what is known
 * when a contract is requested: the recipient and the purpose. Everything decided at access time
 * (dates, counts, regions) is left to the access decision; a constraint on recipient or purpose
 * that cannot be judged here (nested in a logical constraint, an {@code isA} against a category or
 * a purpose vocabulary, another operator) makes the answer {@link Verdict#UNDECIDED}, which the
 * exchange leaves to the provider rather than guesses.
 *
 * <p>A permission fits when none of its recipient or purpose constraints fails and its assignee,
 * if it names one, is the consumer; an Offer fits when one of its permissions fits (ODRL IM 2.2
 * section 2.6: permissions are alternatives, constraints of one rule all apply).
 */
public final class OfferFit {

    /** The answer. */
    public enum Verdict {
        /** Some permission is satisfied by this recipient and purpose. */
        FITS,
        /** No permission can be satisfied by this recipient (and purpose); {@link Result#reason} says why. */
        EXCLUDED,
        /** Not decidable here; a person must decide. */
        UNDECIDED
    }

    /**
     * The verdict with, when {@link Verdict#EXCLUDED}, the reason naming the constraint that failed.
     *
     * @param verdict the verdict
     * @param reason  why it was excluded, empty otherwise
     */
    public record Result(Verdict verdict, Optional<String> reason) {
        /** Checks the components. */
        public Result {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private enum Truth { TRUE, FALSE, UNKNOWN }

    private OfferFit() {
    }

    /**
     * Judges a request.
     *
     * @param offer       the Offer
     * @param consumerIri the requesting participant's IRI
     * @param purpose     the purpose stated, or empty to judge the recipient only (catalog visibility)
     * @return the verdict
     */
    public static Result check(Policy offer, String consumerIri, Optional<String> purpose) {
        if (offer.assignee().isPresent() && !offer.assignee().get().equals(consumerIri)) {
            return excluded("the offer is made to " + offer.assignee().get() + " only");
        }
        boolean undecided = false;
        String firstReason = null;
        for (Rule.Permission p : offer.permissions()) {
            if (p.assignee().isPresent() && !p.assignee().get().equals(consumerIri)) {
                firstReason = firstReason != null ? firstReason : "the permission to " + p.action().value() + " is for " + p.assignee().get() + " only";
                continue;
            }
            Truth all = Truth.TRUE;
            for (Constraint c : p.constraints()) {
                Truth t = truth(c, consumerIri, purpose);
                if (t == Truth.FALSE) {
                    all = Truth.FALSE;
                    firstReason = firstReason != null ? firstReason : reason((Constraint.Atomic) c, consumerIri, purpose);
                    break;
                }
                if (t == Truth.UNKNOWN) {
                    all = Truth.UNKNOWN;
                }
            }
            if (all == Truth.TRUE) {
                return new Result(Verdict.FITS, Optional.empty());
            }
            undecided |= all == Truth.UNKNOWN;
        }
        if (undecided) {
            return new Result(Verdict.UNDECIDED, Optional.empty());
        }
        return excluded(firstReason != null ? firstReason : "the offer permits nothing");
    }

    /** True unless the Offer is certainly closed to this participant: what the catalog shows it. */
    public static boolean visibleTo(Policy offer, String participantIri) {
        return check(offer, participantIri, Optional.empty()).verdict() != Verdict.EXCLUDED;
    }

    private static Result excluded(String reason) {
        return new Result(Verdict.EXCLUDED, Optional.of(reason));
    }

    private static Truth truth(Constraint c, String consumerIri, Optional<String> purpose) {
        if (!(c instanceof Constraint.Atomic a)) {
            return mentions(c) ? Truth.UNKNOWN : Truth.TRUE;
        }
        if (a.leftOperand().equals(LeftOperands.RECIPIENT)) {
            return compare(a, consumerIri);
        }
        if (a.leftOperand().equals(LeftOperands.PURPOSE)) {
            return purpose.map(p -> compare(a, p)).orElse(Truth.TRUE);
        }
        return Truth.TRUE;
    }

    /** Whether a logical constraint involves recipient or purpose somewhere inside. */
    private static boolean mentions(Constraint c) {
        if (c instanceof Constraint.Atomic a) {
            return a.leftOperand().equals(LeftOperands.RECIPIENT) || a.leftOperand().equals(LeftOperands.PURPOSE);
        }
        return ((Constraint.Logical) c).constraints().stream().anyMatch(OfferFit::mentions);
    }

    private static Truth compare(Constraint.Atomic a, String value) {
        List<String> operand = values(a.rightOperand());
        if (operand.isEmpty()) {
            return Truth.UNKNOWN;
        }
        boolean member = operand.contains(value);
        return switch (a.operator()) {
            case EQ -> operand.size() == 1 ? of(member) : Truth.UNKNOWN;
            case NEQ -> operand.size() == 1 ? of(!member) : Truth.UNKNOWN;
            case IS_ANY_OF -> of(member);
            case IS_NONE_OF -> of(!member);
            // isA against a category or a purpose vocabulary: an exact match is certain, anything else is not known here.
            case IS_A -> member ? Truth.TRUE : Truth.UNKNOWN;
            default -> Truth.UNKNOWN;
        };
    }

    private static Truth of(boolean b) {
        return b ? Truth.TRUE : Truth.FALSE;
    }

    /** The text or IRI values of a right operand; empty when it holds anything else. */
    static List<String> values(RightOperand r) {
        if (r instanceof RightOperand.ListOf list) {
            List<String> out = list.values().stream().map(OfferFit::value).flatMap(Optional::stream).toList();
            return out.size() == list.values().size() ? out : List.of();
        }
        return value((RightOperand.Scalar) r).map(List::of).orElse(List.of());
    }

    private static Optional<String> value(RightOperand.Scalar s) {
        if (s instanceof RightOperand.Text t) {
            return Optional.of(t.value());
        }
        if (s instanceof RightOperand.Iri i) {
            return Optional.of(i.value());
        }
        return Optional.empty();
    }

    private static String reason(Constraint.Atomic a, String consumerIri, Optional<String> purpose) {
        String found = a.leftOperand().equals(LeftOperands.RECIPIENT) ? consumerIri : purpose.orElse("");
        return "the offer requires " + a.leftOperand() + " " + a.operator().term() + " " + values(a.rightOperand())
                + ", but the request has " + a.leftOperand() + " " + found;
    }
}
