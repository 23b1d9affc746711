package org.sluis.contracts.agreement;

import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.PolicyValidator;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The terms of a concluded contract: {@link #conclude} turns a provider's Offer into the ODRL
 * Agreement with one consumer for one purpose, and {@link #validUntil} tells when an Agreement
 * stops permitting anything because of its date constraints.
 */
public final class AgreementTerms {

    private static final PolicyValidator VALIDATOR = new PolicyValidator();

    private AgreementTerms() {
    }

    /**
     * Builds the ODRL Agreement that concludes an Offer (ODRL Information Model 2.2, section
     * "Policy Class": an Agreement has an assigner and an assignee). The Agreement keeps the
     * Offer's profile, assigner, target, conflict strategy, prohibitions and obligations
     * unchanged; every permission keeps its own uid, target, parties and duties and gets one more
     * constraint {@code purpose eq "<purpose>"} (a text literal, as the templates write purposes)
     * after its own, so the purpose the consumer declared is part of what is signed. A rule's own
     * target or assignee, if any, is kept.
     *
     * <p>Preconditions, checked in this order before anything is built: no argument is null; the
     * Offer has type Offer and a policy-level assigner; {@code agreementUid} and {@code assigneeIri}
     * are absolute IRIs; {@code purpose} is not blank.
     *
     * @param offer        the Offer being accepted
     * @param agreementUid the Agreement's IRI
     * @param assigneeIri  the consumer's IRI
     * @param issued       when the Agreement was concluded; kept to the millisecond so that its
     *                     written form ({@code dct:issued}) has one spelling
     * @param purpose      the purpose the consumer declared, e.g. {@code "scientific-research"}
     * @return the Agreement, valid under {@link PolicyValidator}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if a precondition does not hold, or the Agreement built is
     *                                  not a valid ODRL policy (the message lists its problems)
     */
    public static Policy conclude(Policy offer, String agreementUid, String assigneeIri, Instant issued,
                                  String purpose) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(agreementUid, "agreementUid");
        Objects.requireNonNull(assigneeIri, "assigneeIri");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(purpose, "purpose");
        if (offer.type() != PolicyType.OFFER) {
            throw new IllegalArgumentException("expected an Offer to conclude, found " + offer.type().term() + " "
                    + offer.uid());
        }
        String assigner = offer.assigner().orElseThrow(() -> new IllegalArgumentException(
                "expected Offer " + offer.uid() + " to name its assigner at policy level, found none"));
        requireIri(agreementUid, "agreementUid");
        requireIri(assigneeIri, "assigneeIri");
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank purpose, found '" + purpose + "'");
        }

        Constraint declared = Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text(purpose));
        List<Rule.Permission> permissions = offer.permissions().stream()
                .map(p -> withConstraint(p, declared)).toList();
        Policy agreement = new Policy(PolicyType.AGREEMENT, agreementUid, offer.profile(),
                Optional.of(issued.truncatedTo(ChronoUnit.MILLIS)), Optional.of(assigner), Optional.of(assigneeIri),
                offer.target(), offer.conflict(), permissions, offer.prohibitions(), offer.obligations());
        List<Problem> problems = VALIDATOR.validate(agreement);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("expected Offer " + offer.uid() + " to conclude to a valid ODRL"
                    + " Agreement, found problems " + problems);
        }
        return agreement;
    }

    private static Rule.Permission withConstraint(Rule.Permission permission, Constraint extra) {
        List<Constraint> constraints = new ArrayList<>(permission.constraints());
        constraints.add(extra);
        return new Rule.Permission(permission.uid(), permission.target(), permission.action(),
                permission.assigner(), permission.assignee(), constraints, permission.duties());
    }

    /**
     * Tells from when a policy permits nothing any more because of time. A permission's end is the
     * earliest upper bound among its top-level atomic {@code dateTime} constraints: {@code lt t}
     * ends at {@code t}, {@code lteq t} one millisecond after {@code t}; an {@code xsd:date} stands
     * for the start of that day in UTC, so {@code lt d} ends at the start of {@code d} and
     * {@code lteq d} at the start of the next day. Logical constraints and every other constraint
     * give no bound. Because ODRL conjoins a rule's constraints, the permission cannot be exercised
     * from its end on; the policy permits nothing from the latest end on.
     *
     * <p>Erring towards "no end" is deliberate: a bound hidden in a logical constraint is missed,
     * so the answer may be later than the truth, never earlier.
     *
     * @param agreement the policy, normally an Agreement
     * @return the first instant at which no permission can be exercised, or empty if some permission
     *     has no such bound or there are no permissions
     * @throws NullPointerException if {@code agreement} is null
     */
    public static Optional<Instant> validUntil(Policy agreement) {
        Objects.requireNonNull(agreement, "agreement");
        Optional<Instant> latest = Optional.empty();
        for (Rule.Permission permission : agreement.permissions()) {
            Optional<Instant> end = end(permission);
            if (end.isEmpty()) {
                return Optional.empty();
            }
            if (latest.isEmpty() || end.get().isAfter(latest.get())) {
                latest = end;
            }
        }
        return latest;
    }

    private static Optional<Instant> end(Rule.Permission permission) {
        return permission.constraints().stream()
                .filter(Constraint.Atomic.class::isInstance)
                .map(Constraint.Atomic.class::cast)
                .filter(c -> LeftOperands.DATE_TIME.equals(c.leftOperand()))
                .flatMap(c -> upperBound(c).stream())
                .min(Comparator.naturalOrder());
    }

    /** The first instant a {@code dateTime lt/lteq} constraint no longer holds. */
    private static Optional<Instant> upperBound(Constraint.Atomic constraint) {
        boolean inclusive = constraint.operator() == Operator.LTEQ;
        if (!inclusive && constraint.operator() != Operator.LT) {
            return Optional.empty();
        }
        if (constraint.rightOperand() instanceof RightOperand.DateTime dateTime) {
            Instant at = dateTime.value().toInstant();
            return Optional.of(inclusive ? at.plusMillis(1) : at);
        }
        if (constraint.rightOperand() instanceof RightOperand.Date date) {
            LocalDate day = inclusive ? date.value().plusDays(1) : date.value();
            return Optional.of(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        return Optional.empty();
    }

    /** The codec's notion of an absolute IRI: a scheme, no whitespace (RFC 3987 section 2.2). */
    private static void requireIri(String value, String what) {
        boolean absolute;
        try {
            absolute = !value.isEmpty() && value.chars().noneMatch(Character::isWhitespace)
                    && new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new IllegalArgumentException("expected " + what + " to be an absolute IRI, found '" + value + "'");
        }
    }
}
