package org.sluis.policy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.LogicalOperator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.Rule;
import org.sluis.contracts.template.SluisVocabulary;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;
import org.sluis.policy.consent.ConsentView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.policy.Fixtures.CONSUMER;
import static org.sluis.policy.Fixtures.DATASET;
import static org.sluis.policy.Fixtures.OTHER;
import static org.sluis.policy.Fixtures.agreement;
import static org.sluis.policy.Fixtures.codes;
import static org.sluis.policy.Fixtures.decide;
import static org.sluis.policy.Fixtures.permission;
import static org.sluis.policy.Fixtures.prohibition;
import static org.sluis.policy.Fixtures.request;
import static org.sluis.policy.Fixtures.text;
import static org.sluis.policy.Fixtures.useWhen;

/** Decisions as a whole: assignee, actions, prohibitions over permissions, unknown terms and consent. */
class DecisionPointTest {

    @Nested
    class Assignee {
        @Test
        void assignee_isPermitted() {
            assertTrue(decide(useWhen(), request()).permitted());
        }

        @Test
        void otherCaller_isDeniedAsNotAssignee() {
            Decision d = decide(useWhen(), request().caller(OTHER));
            assertEquals(List.of(Reason.NOT_ASSIGNEE), codes(d));
            assertTrue(d.reasons().get(0).message().contains(OTHER), d.reasons().get(0).message());
        }

        @Test
        void ruleLevelAssignee_bindsThatRuleToItsAssignee() {
            Rule.Permission forOther = new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE,
                    Optional.empty(), Optional.of(OTHER), List.of(), List.of());
            Decision d = decide(agreement(List.of(forOther), List.of(), List.of()), request());
            assertEquals(List.of(Reason.NOT_ASSIGNEE), codes(d));
        }

        @Test
        void ruleAboutAnotherTarget_doesNotApply() {
            Rule.Permission elsewhere = new Rule.Permission(Optional.empty(), Optional.of("urn:sluis:dataset:other"),
                    Action.USE, Optional.empty(), Optional.empty(), List.of(), List.of());
            assertEquals(List.of(Reason.NOT_PERMITTED),
                    codes(decide(agreement(List.of(elsewhere), List.of(), List.of()), request())));
        }
    }

    @Nested
    class Actions {
        @Test
        void permissionForUse_coversRead() {
            assertTrue(decide(useWhen(), request().action("read")).permitted());
        }

        @Test
        void permissionForRead_doesNotCoverUse() {
            Policy readOnly = agreement(List.of(permission("read", List.of(), List.of())), List.of(), List.of());
            assertEquals(List.of(Reason.NOT_PERMITTED), codes(decide(readOnly, request().action("use"))));
        }

        @Test
        void permissionForUse_doesNotCoverTransfer() {
            assertEquals(List.of(Reason.NOT_PERMITTED), codes(decide(useWhen(), request().action("transfer"))));
        }

        @Test
        void unknownRequestedAction_isDenied() {
            assertEquals(List.of(Reason.UNKNOWN_ACTION), codes(decide(useWhen(), request().action("print"))));
        }

        @Test
        void unknownPermissionAction_deniesEveryRequest() {
            Policy p = agreement(List.of(permission("print", List.of(), List.of()),
                    permission("use", List.of(), List.of())), List.of(), List.of());
            assertEquals(List.of(Reason.UNKNOWN_ACTION), codes(decide(p, request())));
        }

        @Test
        void unknownProfileProhibition_deniesEveryRequest() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())),
                    List.of(prohibition("https://other.example/odrl/exfiltrate")), List.of());
            assertEquals(List.of(Reason.UNKNOWN_ACTION), codes(decide(p, request())));
        }
    }

    @Nested
    class Prohibitions {
        private final Policy useButNotDistribute = agreement(List.of(permission("use", List.of(), List.of())),
                List.of(prohibition("distribute")), List.of());

        @Test
        void prohibition_overridesThePermissionForItsAction() {
            Decision d = decide(useButNotDistribute, request().action("distribute"));
            assertEquals(List.of(Reason.PROHIBITED), codes(d));
            assertEquals("action 'distribute' is prohibited (prohibition distribute)", d.reasons().get(0).message());
        }

        @Test
        void prohibitionOfANarrowerAction_leavesTheBroaderUsePermitted() {
            assertTrue(decide(useButNotDistribute, request().action("use")).permitted());
        }

        @Test
        void prohibitionOfUse_coversRead() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())), List.of(prohibition("use")), List.of());
            assertEquals(List.of(Reason.PROHIBITED), codes(decide(p, request().action("read"))));
        }

        @Test
        void prohibitionWhoseConstraintsHold_denies() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())),
                    List.of(prohibition("use", text(LeftOperands.SPATIAL, "isPartOf", "US"))), List.of());
            assertEquals(List.of(Reason.PROHIBITED), codes(decide(p, request().region("US"))));
        }

        @Test
        void prohibitionWhoseConstraintsDoNotHold_doesNotDeny() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())),
                    List.of(prohibition("use", text(LeftOperands.SPATIAL, "isPartOf", "US"))), List.of());
            assertTrue(decide(p, request().region("NL")).permitted());
        }
    }

    @Nested
    class UnknownTerms {
        @Test
        void unknownLeftOperand_deniesWithItsName() {
            Decision d = decide(useWhen(text(LeftOperands.LANGUAGE, "eq", "nl")), request());
            assertEquals(List.of(Reason.UNKNOWN_LEFT_OPERAND), codes(d));
            assertTrue(d.reasons().get(0).message().contains("'language'"), d.reasons().get(0).message());
        }

        @Test
        void unknownProfileLeftOperand_denies() {
            assertEquals(List.of(Reason.UNKNOWN_LEFT_OPERAND),
                    codes(decide(useWhen(text("https://other.example/odrl/mood", "eq", "happy")), request())));
        }

        @Test
        void fieldLeftOperandOnAPermission_isUnknownThere() {
            assertEquals(List.of(Reason.UNKNOWN_LEFT_OPERAND),
                    codes(decide(useWhen(text(SluisVocabulary.FIELD, "isAllOf", "bsn")), request())));
        }

        @Test
        void unknownOperandInsideASatisfiedOr_stillDenies() {
            Constraint or = new Constraint.Logical(LogicalOperator.OR, List.of(
                    text(LeftOperands.PURPOSE, "eq", "scientific-research"), text(LeftOperands.LANGUAGE, "eq", "nl")));
            assertEquals(List.of(Reason.UNKNOWN_LEFT_OPERAND), codes(decide(useWhen(or), request())));
        }

        @Test
        void unknownOperandInAProhibition_deniesEveryRequest() {
            Policy p = agreement(List.of(permission("use", List.of(), List.of())),
                    List.of(prohibition("distribute", text(LeftOperands.LANGUAGE, "eq", "nl"))), List.of());
            assertEquals(List.of(Reason.UNKNOWN_LEFT_OPERAND), codes(decide(p, request())));
        }

        @Test
        void problems_areListedOnTheCompiledAgreement_andEveryDecisionIsTheSameDenial() {
            CompiledAgreement compiled = Fixtures.compile(useWhen(text(LeftOperands.PURPOSE, "lt", "x")));
            assertEquals(List.of(Reason.UNSUPPORTED_OPERATOR), compiled.problems().stream().map(Reason::code).toList());
            DecisionPoint point = DecisionPoint.standard();
            assertSame(point.decide(compiled, request().build(), Fixtures.NO_CONSENT_NEEDED),
                    point.decide(compiled, request().purpose("other").build(), Fixtures.NO_CONSENT_NEEDED));
        }

        @Test
        void understoodAgreement_hasNoProblems() {
            assertEquals(List.of(), Fixtures.compile(useWhen(text(LeftOperands.PURPOSE, "eq", "x"))).problems());
        }
    }

    @Nested
    class Consent {
        private final DatasetContext optIn = new DatasetContext("ds-1", "health", ConsentMode.OPT_IN,
                Optional.of("patientId"), DATASET.fields());

        private Decision decide(Fixtures.Request request, ConsentView consent) {
            DecisionPoint point = DecisionPoint.standard();
            return point.decide(Fixtures.compile(useWhen(), optIn), request.build(), consent);
        }

        @Test
        void permittingConsent_permits() {
            assertTrue(decide(request().subject("h-1"), (subject, query) -> subject.equals("h-1")).permitted());
        }

        @Test
        void refusingConsent_deniesNamingModeAndPurpose() {
            Decision d = decide(request().subject("h-2"), (subject, query) -> false);
            assertEquals(List.of(Reason.CONSENT), codes(d));
            assertTrue(d.reasons().get(0).message().contains("opt-in"), d.reasons().get(0).message());
            assertTrue(d.reasons().get(0).message().contains("'scientific-research'"), d.reasons().get(0).message());
        }

        @Test
        void consentQuery_widensPurposeAndRecipient() {
            List<ConsentQuery> asked = new ArrayList<>();
            decide(request().subject("h-1").purpose("clinical-trial-research").categories("university"),
                    (subject, query) -> asked.add(query));
            ConsentQuery q = asked.get(0);
            assertEquals(new ConsentQuery(ConsentMode.OPT_IN, "ds-1", Set.of("health"),
                    Set.of("clinical-trial-research", "scientific-research"), Set.of(CONSUMER, "university"),
                    request().build().time()), q);
        }

        @Test
        void requestAboutNoSubject_doesNotConsultConsent() {
            assertTrue(decide(request(), Fixtures.NO_CONSENT_NEEDED).permitted());
        }

        @Test
        void datasetWithoutConsent_doesNotConsultConsent() {
            DecisionPoint point = DecisionPoint.standard();
            assertTrue(point.decide(Fixtures.compile(useWhen()), request().subject("h-1").build(),
                    Fixtures.NO_CONSENT_NEEDED).permitted());
        }

        @Test
        void deniedAccess_doesNotConsultConsent() {
            assertFalse(decide(request().subject("h-1").caller(OTHER), Fixtures.NO_CONSENT_NEEDED).permitted());
        }

        @Test
        void permitUnderConsent_carriesTheConsentFilter() {
            Decision d = decide(request(), Fixtures.NO_CONSENT_NEEDED);
            Obligation.ConsentFilter filter = assertInstanceOf(Obligation.ConsentFilter.class, d.obligations().get(0));
            assertEquals(ConsentMode.OPT_IN, filter.mode());
            assertEquals("patientId", filter.subjectField());
            assertEquals(Set.of("scientific-research"), filter.query().purposes());
        }

        @Test
        void consentQuery_carriesEveryCategoryOfTheDataset() {
            DatasetContext observations = new DatasetContext("ds-1", "health", ConsentMode.OPT_IN, Optional.of("patientId"),
                    DATASET.fields(), Set.of("health", "fhir:Observation"));
            Decision d = DecisionPoint.standard().decide(Fixtures.compile(useWhen(), observations), request().build(),
                    Fixtures.NO_CONSENT_NEEDED);
            Obligation.ConsentFilter filter = assertInstanceOf(Obligation.ConsentFilter.class, d.obligations().get(0));
            assertEquals(Set.of("health", "fhir:Observation"), filter.query().categories());
        }

        @Test
        void categoriesWithoutTheDomain_areRejected() {
            assertThrows(IllegalArgumentException.class, () -> new DatasetContext("ds-1", "health", ConsentMode.NONE,
                    Optional.empty(), Set.of("a"), Set.of("fhir:Observation")));
        }

        @Test
        void consentDataset_withoutSubjectField_isRejected() {
            assertThrows(IllegalArgumentException.class, () -> new DatasetContext("ds-1", "health", ConsentMode.OPT_OUT,
                    Optional.empty(), Set.of("a")));
        }
    }

    @Test
    void nonAgreementPolicy_isRejectedAtCompile() {
        Policy p = useWhen();
        Policy offer = new Policy(org.sluis.contracts.odrl.PolicyType.OFFER, p.uid(), p.profile(), p.issued(),
                p.assigner(), Optional.empty(), p.target(), p.conflict(), p.permissions(), p.prohibitions(),
                p.obligations());
        assertThrows(IllegalArgumentException.class, () -> new AgreementContext("a", offer, Fixtures.START, DATASET));
    }
}
