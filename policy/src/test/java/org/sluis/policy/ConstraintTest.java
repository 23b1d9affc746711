package org.sluis.policy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.LogicalOperator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.template.SluisVocabulary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.policy.Fixtures.CONSUMER;
import static org.sluis.policy.Fixtures.START;
import static org.sluis.policy.Fixtures.codes;
import static org.sluis.policy.Fixtures.decide;
import static org.sluis.policy.Fixtures.moment;
import static org.sluis.policy.Fixtures.number;
import static org.sluis.policy.Fixtures.request;
import static org.sluis.policy.Fixtures.text;
import static org.sluis.policy.Fixtures.useWhen;

/** Each left operand with each operator that has a meaning for it, boundaries included, and the logical operators. */
class ConstraintTest {

    /** Asserts the outcome and, for a denial, that the one reason has the code. */
    private static void expect(Decision decision, boolean permit, String code) {
        assertEquals(permit, decision.permitted(), () -> "decision " + decision);
        if (!permit) {
            assertEquals(List.of(code), codes(decision));
        }
    }

    @Nested
    class Purpose {
        @ParameterizedTest(name = "purpose {0} [{1}], request {2} -> {3}")
        @CsvSource({
                "eq,       scientific-research,                 scientific-research,     true",
                "eq,       scientific-research,                 clinical-trial-research, false",
                "neq,      marketing,                           scientific-research,     true",
                "neq,      scientific-research,                 scientific-research,     false",
                "isA,      scientific-research,                 clinical-trial-research, true",
                "isA,      scientific-research,                 scientific-research,     true",
                "isA,      clinical-trial-research,             scientific-research,     false",
                "isA,      public-health,                       clinical-trial-research, false",
                "isAnyOf,  scientific-research|public-health,   epidemiology,            true",
                "isAnyOf,  scientific-research|public-health,   public-health,           true",
                "isAnyOf,  scientific-research|public-health,   marketing,               false",
                "isNoneOf, public-health|education,             scientific-research,     true",
                "isNoneOf, public-health|education,             epidemiology,            false",
                "isAllOf,  scientific-research|clinical-trial-research, clinical-trial-research, true",
                "isAllOf,  scientific-research|public-health,   scientific-research,     false",
                "isAnyOf,  route-planning|unlisted-purpose,     unlisted-purpose,        true",
        })
        void purpose(String op, String right, String purpose, boolean permit) {
            expect(decide(useWhen(text(LeftOperands.PURPOSE, op, right)), request().purpose(purpose)), permit,
                    Reason.PURPOSE_NOT_PERMITTED);
        }

        @Test
        void denial_namesPurposeAndPermittedPurposesAndConstraint() {
            Decision d = decide(useWhen(text(LeftOperands.PURPOSE, "isAnyOf", "scientific-research|public-health")),
                    request().purpose("marketing"));
            assertEquals("purpose 'marketing' is not one of the permitted purposes [scientific-research, public-health]"
                    + " (permission use: purpose isAnyOf)", d.reasons().get(0).message());
        }

        @ParameterizedTest(name = "purpose {0} is unsupported")
        @CsvSource({"lt, x", "hasPart, x", "isPartOf, x"})
        void orderingAndPartOperators_areUnsupported(String op, String right) {
            expect(decide(useWhen(text(LeftOperands.PURPOSE, op, right)), request()), false, Reason.UNSUPPORTED_OPERATOR);
        }
    }

    @Nested
    class DateTime {
        @ParameterizedTest(name = "dateTime {0} {1}, at {2} -> {3}")
        @CsvSource({
                "lt,   2026-07-01T00:00:00Z, 2026-06-30T23:59:59.999999999Z, true",
                "lt,   2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           false",
                "lteq, 2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           true",
                "lteq, 2026-07-01T00:00:00Z, 2026-07-01T00:00:00.000000001Z, false",
                "gt,   2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           false",
                "gt,   2026-07-01T00:00:00Z, 2026-07-01T00:00:00.000000001Z, true",
                "gteq, 2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           true",
                "gteq, 2026-07-01T00:00:00Z, 2026-06-30T23:59:59Z,           false",
                "eq,   2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           true",
                "eq,   2026-07-01T00:00:00Z, 2026-07-01T00:00:01Z,           false",
                "neq,  2026-07-01T00:00:00Z, 2026-07-01T00:00:01Z,           true",
                "neq,  2026-07-01T00:00:00Z, 2026-07-01T00:00:00Z,           false",
                "lt,   2026-07-01T02:00:00+02:00, 2026-06-30T23:59:59Z,      true",
                "lt,   2026-07-01T02:00:00+02:00, 2026-07-01T00:00:00Z,      false",
                "lt,   2026-07-01,           2026-06-30T23:59:59.999Z,       true",
                "lt,   2026-07-01,           2026-07-01T00:00:00Z,           false",
                "lteq, 2026-07-01,           2026-07-01T23:59:59.999Z,       true",
                "lteq, 2026-07-01,           2026-07-02T00:00:00Z,           false",
                "gteq, 2026-07-01,           2026-07-01T00:00:00Z,           true",
                "gteq, 2026-07-01,           2026-06-30T23:59:59.999Z,       false",
                "gt,   2026-07-01,           2026-07-01T23:59:59.999Z,       false",
                "gt,   2026-07-01,           2026-07-02T00:00:00Z,           true",
                "eq,   2026-07-01,           2026-07-01T12:00:00Z,           true",
                "eq,   2026-07-01,           2026-07-02T00:00:00Z,           false",
                "neq,  2026-07-01,           2026-07-01T12:00:00Z,           false",
        })
        void dateTime(String op, String right, String at, boolean permit) {
            expect(decide(useWhen(moment(LeftOperands.DATE_TIME, op, right)), request().at(at)), permit,
                    Reason.TIME_NOT_PERMITTED);
        }

        @Test
        void textRightOperand_isInvalid() {
            expect(decide(useWhen(text(LeftOperands.DATE_TIME, "lt", "tomorrow")), request()), false,
                    Reason.INVALID_RIGHT_OPERAND);
        }

        @Test
        void isAnyOf_isUnsupported() {
            Constraint c = Constraint.Atomic.of(LeftOperands.DATE_TIME, Fixtures.operator("isAnyOf"),
                    new RightOperand.ListOf(List.of(new RightOperand.Date(java.time.LocalDate.parse("2026-07-01")))));
            expect(decide(useWhen(c), request()), false, Reason.UNSUPPORTED_OPERATOR);
        }
    }

    @Nested
    class ElapsedTime {
        @ParameterizedTest(name = "elapsedTime {0} {1} {2}, at start + {3} -> {4}")
        @CsvSource({
                "lteq, 30, DAY, P30D,          true",
                "lteq, 30, DAY, PT720H0.000000001S, false",
                "lt,   30, DAY, P30D,          false",
                "lt,   30, DAY, PT719H59M59S,  true",
                "gteq, 30, DAY, P30D,          true",
                "gteq, 30, DAY, PT719H59M59S,  false",
                "gt,   30, DAY, P30D,          false",
                "eq,   30, DAY, P30D,          true",
                "neq,  30, DAY, P30D,          false",
                "lteq, 48, HR,  PT48H,         true",
                "lteq, 48, HR,  PT48H1S,       false",
                "lteq, 90, MIN, PT90M,         true",
                "lteq, 90, SEC, PT91S,         false",
        })
        void elapsedTime(String op, long amount, String unit, String after, boolean permit) {
            String iri = switch (unit) {
                case "DAY" -> SluisVocabulary.DAY;
                case "HR" -> SluisVocabulary.HOUR;
                case "MIN" -> SluisVocabulary.MINUTE;
                default -> SluisVocabulary.SECOND;
            };
            expect(decide(useWhen(number(LeftOperands.ELAPSED_TIME, op, amount, iri)),
                    request().at(START.plus(Duration.parse(after)))), permit, Reason.ELAPSED_TIME_NOT_PERMITTED);
        }

        @Test
        void withoutUnit_isInvalid() {
            expect(decide(useWhen(number(LeftOperands.ELAPSED_TIME, "lteq", 30, null)), request()), false,
                    Reason.INVALID_RIGHT_OPERAND);
        }

        @Test
        void denial_namesElapsedAmountAndBound() {
            Decision d = decide(useWhen(number(LeftOperands.ELAPSED_TIME, "lteq", 30, SluisVocabulary.DAY)),
                    request().at(START.plus(Duration.ofDays(31))));
            assertEquals("time 2026-04-01T10:00:00Z is 31 day(s) after the agreement started at 2026-03-01T10:00:00Z,"
                    + " expected at most 30 day(s), that is at or before 2026-03-31T10:00:00Z"
                    + " (permission use: elapsedTime lteq)", d.reasons().get(0).message());
        }
    }

    @Nested
    class Count {
        @ParameterizedTest(name = "count {0} {1} {2}, prior uses {3} (today {4}) -> {5}")
        @CsvSource({
                "lteq, 10, '',      8,  8,  true",
                "lteq, 10, '',      9,  9,  true",
                "lteq, 10, '',      10, 10, false",
                "lt,   10, '',      8,  0,  true",
                "lt,   10, '',      9,  0,  false",
                "gt,   1,  '',      0,  0,  false",
                "gt,   1,  '',      1,  0,  true",
                "gteq, 2,  '',      1,  0,  true",
                "eq,   1,  '',      0,  0,  true",
                "eq,   1,  '',      1,  0,  false",
                "neq,  1,  '',      0,  0,  false",
                "lteq, 10, PER_DAY, 500, 9, true",
                "lteq, 10, PER_DAY, 500, 10, false",
        })
        void count(String op, long bound, String unit, long prior, long priorToday, boolean permit) {
            Constraint c = number(LeftOperands.COUNT, op, bound, unit.isEmpty() ? null : SluisVocabulary.PER_DAY);
            expect(decide(useWhen(c), request().uses(prior, priorToday)), permit, Reason.COUNT_NOT_PERMITTED);
        }

        @Test
        void countConstraint_makesTheAgreementCountUses() {
            assertTrue(Fixtures.compile(useWhen(number(LeftOperands.COUNT, "lteq", 10, null))).countsUses());
        }

        @Test
        void countNestedInALogicalConstraint_makesTheAgreementCountUses() {
            Constraint nested = new Constraint.Logical(LogicalOperator.OR, List.of(
                    text(LeftOperands.PURPOSE, "eq", "x"), number(LeftOperands.COUNT, "lteq", 10, null)));
            assertTrue(Fixtures.compile(useWhen(nested)).countsUses());
        }

        @Test
        void agreementWithoutCount_doesNotCountUses() {
            assertFalse(Fixtures.compile(useWhen(text(LeftOperands.PURPOSE, "eq", "x"))).countsUses());
        }

        @Test
        void otherUnit_isInvalid() {
            expect(decide(useWhen(number(LeftOperands.COUNT, "lteq", 10, SluisVocabulary.DAY)), request()), false,
                    Reason.INVALID_RIGHT_OPERAND);
        }

        @Test
        void isA_isUnsupported() {
            expect(decide(useWhen(number(LeftOperands.COUNT, "isA", 10, null)), request()), false,
                    Reason.UNSUPPORTED_OPERATOR);
        }

        @Test
        void denial_namesTheUseNumberAndLimit() {
            Decision d = decide(useWhen(number(LeftOperands.COUNT, "lteq", 10, null)), request().uses(10, 0));
            assertEquals("this access would be use 11 of the agreement, expected at most 10 (permission use: count lteq)",
                    d.reasons().get(0).message());
        }
    }

    @Nested
    class Recipient {
        @ParameterizedTest(name = "recipient {0} [{1}], caller {2} in {3} -> {4}")
        @CsvSource({
                "eq,       urn:sluis:participant:lab-3,           urn:sluis:participant:lab-3, '',        true",
                "eq,       urn:sluis:participant:other,           urn:sluis:participant:lab-3, '',        false",
                "eq,       hospital,                              urn:sluis:participant:lab-3, hospital,  false",
                "neq,      urn:sluis:participant:other,           urn:sluis:participant:lab-3, '',        true",
                "neq,      urn:sluis:participant:lab-3,           urn:sluis:participant:lab-3, '',        false",
                "isA,      hospital,                              urn:sluis:participant:lab-3, hospital,  true",
                "isA,      hospital,                              urn:sluis:participant:lab-3, lab,       false",
                "isA,      urn:sluis:participant:lab-3,           urn:sluis:participant:lab-3, '',        true",
                "isAnyOf,  urn:sluis:participant:x|university,    urn:sluis:participant:lab-3, university, true",
                "isAnyOf,  urn:sluis:participant:lab-3|university, urn:sluis:participant:lab-3, '',       true",
                "isAnyOf,  urn:sluis:participant:x|university,    urn:sluis:participant:lab-3, hospital,  false",
                "isNoneOf, insurer|urn:sluis:participant:x,       urn:sluis:participant:lab-3, hospital,  true",
                "isNoneOf, insurer|urn:sluis:participant:x,       urn:sluis:participant:lab-3, insurer,   false",
                "isAllOf,  hospital|university,                   urn:sluis:participant:lab-3, hospital|university, true",
                "isAllOf,  hospital|university,                   urn:sluis:participant:lab-3, hospital,  false",
        })
        void recipient(String op, String right, String caller, String categories, boolean permit) {
            String[] cats = categories.isEmpty() ? new String[0] : categories.split("\\|");
            // the caller is always the assignee here; the recipient constraint is what is tested
            expect(decide(useWhen(text(LeftOperands.RECIPIENT, op, right)), request().caller(caller).categories(cats)),
                    permit, Reason.RECIPIENT_NOT_PERMITTED);
        }

        @Test
        void iriRightOperand_matchesTheCaller() {
            Constraint c = Constraint.Atomic.of(LeftOperands.RECIPIENT, Fixtures.operator("eq"), new RightOperand.Iri(CONSUMER));
            assertTrue(decide(useWhen(c), request()).permitted());
        }

        @Test
        void isPartOf_isUnsupported() {
            expect(decide(useWhen(text(LeftOperands.RECIPIENT, "isPartOf", "hospital")), request()), false,
                    Reason.UNSUPPORTED_OPERATOR);
        }
    }

    @Nested
    class Spatial {
        @ParameterizedTest(name = "spatial {0} [{1}], caller in {2} -> {3} {4}")
        @CsvSource({
                "isPartOf, EU,       NL-NH, true,  ''",
                "isPartOf, EU,       NL,    true,  ''",
                "isPartOf, EU,       DE,    true,  ''",
                "isPartOf, EU,       US,    false, REGION_NOT_PERMITTED",
                "isPartOf, EU,       GB,    false, REGION_NOT_PERMITTED",
                "isPartOf, NL-NH,    NL-NH, true,  ''",
                "isPartOf, NL-NH,    NL-ZH, false, REGION_NOT_PERMITTED",
                "isPartOf, NL-NH,    NL,    false, REGION_NOT_PERMITTED",
                "eq,       NL,       NL,    true,  ''",
                "eq,       NL,       NL-NH, false, REGION_NOT_PERMITTED",
                "neq,      NL,       NL-NH, true,  ''",
                "neq,      NL,       NL,    false, REGION_NOT_PERMITTED",
                "isAnyOf,  NL-NH|CH, CH,    true,  ''",
                "isAnyOf,  NL-NH|CH, NL-UT, false, REGION_NOT_PERMITTED",
                "isNoneOf, US|GB,    NL,    true,  ''",
                "isNoneOf, US|EU,    NL-FR, false, REGION_NOT_PERMITTED",
                "isAllOf,  EU|NL,    NL-GE, true,  ''",
                "isAllOf,  EU|NL,    BE,    false, REGION_NOT_PERMITTED",
                "isPartOf, EU,       XX,    false, REGION_UNKNOWN",
                "isPartOf, EU,       '',    false, REGION_UNKNOWN",
                "isNoneOf, US,       '',    false, REGION_UNKNOWN",
        })
        void spatial(String op, String right, String region, boolean permit, String code) {
            expect(decide(useWhen(text(LeftOperands.SPATIAL, op, right)),
                    request().region(region.isEmpty() ? null : region)), permit, code);
        }

        @Test
        void unknownRegionInTheAgreement_isInvalid() {
            expect(decide(useWhen(text(LeftOperands.SPATIAL, "isPartOf", "FR-75")), request()), false,
                    Reason.INVALID_RIGHT_OPERAND);
        }

        @Test
        void hasPart_isUnsupported() {
            expect(decide(useWhen(text(LeftOperands.SPATIAL, "hasPart", "NL")), request()), false,
                    Reason.UNSUPPORTED_OPERATOR);
        }
    }

    @Nested
    class Logical {
        /** Two operands, the first {@code holding} of which hold for the default request. */
        private Constraint operands(LogicalOperator operator, int holding) {
            List<Constraint> operands = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                operands.add(text(LeftOperands.PURPOSE, "eq", i < holding ? "scientific-research" : "marketing"));
            }
            return new Constraint.Logical(operator, operands);
        }

        @ParameterizedTest(name = "{0} with {1} of 2 operands holding -> {2}")
        @CsvSource({
                "AND, 0, false", "AND, 1, false", "AND, 2, true",
                "AND_SEQUENCE, 0, false", "AND_SEQUENCE, 1, false", "AND_SEQUENCE, 2, true",
                "OR, 0, false", "OR, 1, true", "OR, 2, true",
                "XONE, 0, false", "XONE, 1, true", "XONE, 2, false",
        })
        void logical(LogicalOperator operator, int holding, boolean permit) {
            Decision d = decide(useWhen(operands(operator, holding)), request());
            assertEquals(permit, d.permitted(), () -> "decision " + d);
        }

        @Test
        void failedOr_givesOneReasonListingEveryAlternative() {
            Decision d = decide(useWhen(operands(LogicalOperator.OR, 0)), request());
            assertEquals(List.of(Reason.LOGICAL_CONSTRAINT_NOT_SATISFIED), codes(d));
            assertTrue(d.reasons().get(0).message().startsWith("none of the 2 alternatives held (permission use: or):"
                    + " purpose 'scientific-research' is not 'marketing'"), d.reasons().get(0).message());
        }

        @Test
        void xoneWithBothHolding_saysSo() {
            Decision d = decide(useWhen(operands(LogicalOperator.XONE, 2)), request());
            assertEquals("2 of the 2 alternatives held, expected exactly one (permission use: xone)",
                    d.reasons().get(0).message());
        }

        @Test
        void failedAnd_givesTheFailingOperandsReasons() {
            Decision d = decide(useWhen(operands(LogicalOperator.AND, 1)), request());
            assertEquals(List.of(Reason.PURPOSE_NOT_PERMITTED), codes(d));
        }

        @Test
        void nestedLogicalConstraints_areEvaluated() {
            Constraint inner = new Constraint.Logical(LogicalOperator.AND, List.of(
                    text(LeftOperands.SPATIAL, "isPartOf", "NL"), text(LeftOperands.PURPOSE, "isA", "scientific-research")));
            Constraint outer = new Constraint.Logical(LogicalOperator.OR, List.of(
                    text(LeftOperands.RECIPIENT, "isA", "hospital"), inner));
            assertTrue(decide(useWhen(outer), request().purpose("genomics-research")).permitted());
            assertFalse(decide(useWhen(outer), request().purpose("genomics-research").region("DE")).permitted());
            assertTrue(decide(useWhen(outer), request().region("DE").categories("hospital")).permitted());
        }
    }

    @Test
    void constraintsOfARule_areConjoined_andEveryFailureIsReported() {
        Decision d = decide(useWhen(text(LeftOperands.PURPOSE, "eq", "education"),
                text(LeftOperands.SPATIAL, "isPartOf", "NL")), request().region("US"));
        assertEquals(List.of(Reason.PURPOSE_NOT_PERMITTED, Reason.REGION_NOT_PERMITTED), codes(d));
    }

    @Test
    void unitOnAPurpose_isInvalid() {
        Constraint c = new Constraint.Atomic(LeftOperands.PURPOSE, Fixtures.operator("eq"),
                new RightOperand.Text("x"), java.util.Optional.of(SluisVocabulary.DAY), java.util.Optional.empty());
        expect(decide(useWhen(c), request()), false, Reason.INVALID_RIGHT_OPERAND);
    }
}
