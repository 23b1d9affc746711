package org.sluis.policy;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentView;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Shared test data: parties, a dataset, hand-built agreements and a request builder with sensible defaults. */
final class Fixtures {

    static final String CONSUMER = "urn:sluis:participant:lab-3";
    static final String OTHER = "urn:sluis:participant:broker-9";
    static final String PROVIDER = "urn:sluis:participant:hospital";
    static final String TARGET = "urn:sluis:dataset:ds-1";
    static final String AGREEMENT_ID = "agr-1";
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final DatasetContext DATASET = new DatasetContext("ds-1", "health", ConsentMode.NONE, Optional.empty(),
            Set.of("bsn", "patientId", "age", "postcode", "diagnosis"));
    static final ConsentView NO_CONSENT_NEEDED = (subject, query) -> {
        throw new AssertionError("consent must not be consulted here");
    };

    private Fixtures() {
    }

    static Operator operator(String term) {
        return Arrays.stream(Operator.values()).filter(o -> o.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no operator " + term));
    }

    /** Text right operand; a list (split at '|') when the operator needs one. */
    static Constraint.Atomic text(String left, String op, String right) {
        Operator operator = operator(op);
        RightOperand operand = operator.needsList()
                ? new RightOperand.ListOf(Arrays.stream(right.split("\\|")).<RightOperand.Scalar>map(RightOperand.Text::new).toList())
                : new RightOperand.Text(right);
        return Constraint.Atomic.of(left, operator, operand);
    }

    static Constraint.Atomic number(String left, String op, long value, String unit) {
        return new Constraint.Atomic(left, operator(op), new RightOperand.Numeric(BigDecimal.valueOf(value)),
                Optional.ofNullable(unit), Optional.empty());
    }

    /** A date ({@code 2026-07-01}) or date-time right operand, by its form. */
    static Constraint.Atomic moment(String left, String op, String value) {
        RightOperand operand = value.contains("T") ? new RightOperand.DateTime(OffsetDateTime.parse(value))
                : new RightOperand.Date(LocalDate.parse(value));
        return Constraint.Atomic.of(left, operator(op), operand);
    }

    static Rule.Permission permission(String action, List<Constraint> constraints, List<Rule.Duty> duties) {
        return new Rule.Permission(Optional.empty(), Optional.empty(), Action.of(action), Optional.empty(),
                Optional.empty(), constraints, duties);
    }

    static Rule.Prohibition prohibition(String action, Constraint... constraints) {
        return new Rule.Prohibition(Optional.empty(), Optional.empty(), Action.of(action), Optional.empty(),
                Optional.empty(), List.of(constraints), List.of());
    }

    static Rule.Duty duty(String action, List<Constraint> refinements, List<Constraint> constraints) {
        return new Rule.Duty(Optional.empty(), Optional.empty(), new Action(action, refinements), Optional.empty(),
                Optional.empty(), constraints, List.of());
    }

    static Policy agreement(List<Rule.Permission> permissions, List<Rule.Prohibition> prohibitions,
                            List<Rule.Duty> obligations) {
        return new Policy(PolicyType.AGREEMENT, "urn:sluis:agreement:" + AGREEMENT_ID, Optional.empty(),
                Optional.of(START), Optional.of(PROVIDER), Optional.of(CONSUMER), Optional.of(TARGET),
                ConflictStrategy.PROHIBIT, permissions, prohibitions, obligations);
    }

    /** An agreement with one permission to use under the given constraints. */
    static Policy useWhen(Constraint... constraints) {
        return agreement(List.of(permission("use", List.of(constraints), List.of())), List.of(), List.of());
    }

    static CompiledAgreement compile(Policy agreement) {
        return compile(agreement, DATASET);
    }

    static CompiledAgreement compile(Policy agreement, DatasetContext dataset) {
        return DecisionPoint.standard().compile(new AgreementContext(AGREEMENT_ID, agreement, START, dataset));
    }

    static Decision decide(Policy agreement, Request request) {
        return DecisionPoint.standard().decide(compile(agreement), request.build(), NO_CONSENT_NEEDED);
    }

    static List<String> codes(Decision decision) {
        return decision.reasons().stream().map(Reason::code).toList();
    }

    static Request request() {
        return new Request();
    }

    /** A request builder: the consumer uses the data for scientific research in NL-NH, a day after the start. */
    static final class Request {
        private String caller = CONSUMER;
        private Set<String> categories = Set.of();
        private String action = "use";
        private String purpose = "scientific-research";
        private Instant time = START.plusSeconds(86_400);
        private Optional<String> region = Optional.of("NL-NH");
        private long priorUses;
        private long priorUsesToday;
        private Optional<String> subject = Optional.empty();

        Request caller(String value) {
            caller = value;
            return this;
        }

        Request categories(String... values) {
            categories = Set.of(values);
            return this;
        }

        Request action(String value) {
            action = value;
            return this;
        }

        Request purpose(String value) {
            purpose = value;
            return this;
        }

        Request at(Instant value) {
            time = value;
            return this;
        }

        Request at(String value) {
            return at(Instant.parse(value));
        }

        Request region(String value) {
            region = Optional.ofNullable(value);
            return this;
        }

        Request uses(long prior, long priorToday) {
            priorUses = prior;
            priorUsesToday = priorToday;
            return this;
        }

        Request subject(String hash) {
            subject = Optional.of(hash);
            return this;
        }

        AccessRequest build() {
            return new AccessRequest(caller, categories, action, purpose, time, region, priorUses, priorUsesToday,
                    subject);
        }
    }
}
