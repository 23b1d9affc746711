package org.sluis.policy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.Rule;
import org.sluis.contracts.template.SluisVocabulary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.policy.Fixtures.START;
import static org.sluis.policy.Fixtures.agreement;
import static org.sluis.policy.Fixtures.codes;
import static org.sluis.policy.Fixtures.decide;
import static org.sluis.policy.Fixtures.duty;
import static org.sluis.policy.Fixtures.moment;
import static org.sluis.policy.Fixtures.number;
import static org.sluis.policy.Fixtures.permission;
import static org.sluis.policy.Fixtures.request;
import static org.sluis.policy.Fixtures.text;

/** Obligations derived from a permission's duties and the policy-level obligations. */
class ObligationTest {

    private static Policy useWithDuties(Rule.Duty... duties) {
        return agreement(List.of(permission("use", List.of(), List.of(duties))), List.of(), List.of());
    }

    private static List<Obligation> obligations(Policy agreement) {
        Decision d = decide(agreement, request());
        assertTrue(d.permitted(), () -> "decision " + d);
        return d.obligations();
    }

    private static Constraint fields(String names) {
        return text(SluisVocabulary.FIELD, "isAllOf", names);
    }

    @Nested
    class Derived {
        @Test
        void pseudonymise_givesTheFieldsUnderTheAgreementsOwnKey() {
            assertEquals(List.of(new Obligation.Pseudonymise(Set.of("bsn", "patientId"), "agreement:agr-1")),
                    obligations(useWithDuties(duty(SluisVocabulary.PSEUDONYMISE, List.of(fields("bsn|patientId")), List.of()))));
        }

        @Test
        void drop_givesTheFields() {
            assertEquals(List.of(new Obligation.DropFields(Set.of("diagnosis"))),
                    obligations(useWithDuties(duty(SluisVocabulary.DROP, List.of(text(SluisVocabulary.FIELD, "eq", "diagnosis")),
                            List.of()))));
        }

        @Test
        void aggregate_givesGroupByAndMinimumGroupSize() {
            assertEquals(List.of(new Obligation.Aggregate(List.of("postcode", "age"), 5)),
                    obligations(useWithDuties(duty(SluisVocabulary.AGGREGATE, List.of(fields("postcode|age"),
                            number(SluisVocabulary.MIN_GROUP_SIZE, "gteq", 5, null)), List.of()))));
        }

        @Test
        void aggregateWithStrictBound_isNormalisedToInclusive() {
            assertEquals(List.of(new Obligation.Aggregate(List.of(), 5)),
                    obligations(useWithDuties(duty(SluisVocabulary.AGGREGATE,
                            List.of(number(SluisVocabulary.MIN_GROUP_SIZE, "gt", 4, null)), List.of()))));
        }

        @Test
        void capRecords_givesTheCap() {
            assertEquals(List.of(new Obligation.CapRecords(1000)),
                    obligations(useWithDuties(duty(SluisVocabulary.CAP_RECORDS,
                            List.of(number(LeftOperands.ABSOLUTE_SIZE, "lteq", 1000, null)), List.of()))));
        }

        @Test
        void capRecordsBelow_isOneLess() {
            assertEquals(List.of(new Obligation.CapRecords(999)),
                    obligations(useWithDuties(duty(SluisVocabulary.CAP_RECORDS,
                            List.of(number(LeftOperands.ABSOLUTE_SIZE, "lt", 1000, null)), List.of()))));
        }

        @Test
        void deleteWithinElapsedDays_isDueThatManyDaysAfterTheStart() {
            assertEquals(List.of(new Obligation.DeleteBy(START.plus(Duration.ofDays(30)))),
                    obligations(useWithDuties(duty("delete", List.of(),
                            List.of(number(LeftOperands.ELAPSED_TIME, "lteq", 30, SluisVocabulary.DAY))))));
        }

        @Test
        void deleteFromADate_isDueAtTheStartOfThatUtcDay() {
            assertEquals(List.of(new Obligation.DeleteBy(Instant.parse("2027-12-31T00:00:00Z"))),
                    obligations(useWithDuties(duty("delete", List.of(),
                            List.of(moment(LeftOperands.DATE_TIME, "gteq", "2027-12-31"))))));
        }

        @Test
        void deleteByTheEndOfADate_isDueAtTheStartOfTheNextDay() {
            assertEquals(List.of(new Obligation.DeleteBy(Instant.parse("2028-01-01T00:00:00Z"))),
                    obligations(useWithDuties(duty("delete", List.of(),
                            List.of(moment(LeftOperands.DATE_TIME, "lteq", "2027-12-31"))))));
        }

        @Test
        void attribute_isLeftToTheConsumer() {
            assertEquals(List.of(), obligations(useWithDuties(duty("attribute",
                    List.of(text(SluisVocabulary.ATTRIBUTION_TEXT, "eq", "Data: X")), List.of()))));
        }

        @Test
        void policyLevelObligation_appliesToEveryPermit() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())), List.of(),
                    List.of(duty(SluisVocabulary.DROP, List.of(fields("bsn")), List.of())));
            assertEquals(List.of(new Obligation.DropFields(Set.of("bsn"))), obligations(p));
        }

        @Test
        void dutiesOfOneKind_areMerged() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of(
                            duty(SluisVocabulary.DROP, List.of(fields("bsn")), List.of()),
                            duty(SluisVocabulary.CAP_RECORDS, List.of(number(LeftOperands.ABSOLUTE_SIZE, "lteq", 50, null)),
                                    List.of())))),
                    List.of(), List.of(duty(SluisVocabulary.DROP, List.of(fields("age")), List.of()),
                            duty(SluisVocabulary.CAP_RECORDS, List.of(number(LeftOperands.ABSOLUTE_SIZE, "lteq", 10, null)),
                                    List.of())));
            assertEquals(List.of(new Obligation.DropFields(Set.of("bsn", "age")), new Obligation.CapRecords(10)),
                    obligations(p));
        }

        @Test
        void dutyWithAConstraint_appliesOnlyWhenItHolds() {
            Policy p = useWithDuties(duty(SluisVocabulary.DROP, List.of(fields("diagnosis")),
                    List.of(text(LeftOperands.PURPOSE, "eq", "education"))));
            assertEquals(List.of(), obligations(p));
            assertEquals(List.of(new Obligation.DropFields(Set.of("diagnosis"))),
                    decide(p, request().purpose("education")).obligations());
        }
    }

    @Nested
    class Refused {
        private void expect(String code, Rule.Duty duty) {
            Decision d = decide(useWithDuties(duty), request());
            assertEquals(List.of(code), codes(d), () -> "decision " + d);
        }

        @Test
        void unknownDutyAction_denies() {
            expect(Reason.UNKNOWN_DUTY, Rule.Duty.of(Action.COMPENSATE));
        }

        @Test
        void pseudonymiseWithoutFields_denies() {
            expect(Reason.INVALID_DUTY, duty(SluisVocabulary.PSEUDONYMISE, List.of(), List.of()));
        }

        @Test
        void pseudonymiseOfAFieldTheDatasetLacks_denies() {
            expect(Reason.INVALID_DUTY, duty(SluisVocabulary.PSEUDONYMISE, List.of(fields("bsn|patientID")), List.of()));
        }

        @Test
        void aggregateWithoutMinimumGroupSize_denies() {
            expect(Reason.INVALID_DUTY, duty(SluisVocabulary.AGGREGATE, List.of(fields("postcode")), List.of()));
        }

        @Test
        void deleteWithoutDeadline_denies() {
            expect(Reason.INVALID_DUTY, duty("delete", List.of(), List.of()));
        }

        @Test
        void deleteWithAnUnrelatedConstraint_denies() {
            expect(Reason.INVALID_DUTY, duty("delete", List.of(), List.of(text(LeftOperands.PURPOSE, "eq", "x"))));
        }

        @Test
        void unknownRefinementOnAFieldDuty_denies() {
            expect(Reason.INVALID_DUTY, duty(SluisVocabulary.DROP, List.of(fields("bsn"),
                    text(LeftOperands.LANGUAGE, "eq", "nl")), List.of()));
        }
    }

    @Nested
    class Values {
        @Test
        void emptyFields_areRejected() {
            assertThrows(IllegalArgumentException.class, () -> new Obligation.DropFields(Set.of()));
        }

        @Test
        void minimumGroupSizeBelowOne_isRejected() {
            assertThrows(IllegalArgumentException.class, () -> new Obligation.Aggregate(List.of("a"), 0));
        }

        @Test
        void negativeCap_isRejected() {
            assertThrows(IllegalArgumentException.class, () -> new Obligation.CapRecords(-1));
        }
    }
}
