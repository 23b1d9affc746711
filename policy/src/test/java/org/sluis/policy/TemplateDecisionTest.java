package org.sluis.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.agreement.AgreementTerms;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.template.Instantiated;
import org.sluis.contracts.template.Templates;
import org.sluis.policy.consent.ConsentMode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.policy.Fixtures.CONSUMER;
import static org.sluis.policy.Fixtures.DATASET;
import static org.sluis.policy.Fixtures.START;
import static org.sluis.policy.Fixtures.codes;
import static org.sluis.policy.Fixtures.request;

/**
 * Agreements concluded from the four standard templates, with the parameters the contracts tests
 * use ({@code TemplateFixtures.VALID}; corridor-industrial names this test's consumer as recipient).
 */
class TemplateDecisionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Policy concluded(String template, String parameters, String purpose) {
        try {
            Instantiated offer = Templates.find(template).orElseThrow().instantiate("urn:sluis:offer:o-1",
                    Fixtures.PROVIDER, Fixtures.TARGET, MAPPER.readTree(parameters));
            return AgreementTerms.conclude(assertInstanceOf(Instantiated.Offer.class, offer).policy(),
                    "urn:sluis:agreement:agr-1", CONSUMER, START, purpose);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Decision decide(Policy agreement, Fixtures.Request request) {
        return Fixtures.decide(agreement, request);
    }

    @Nested
    class HealthSecondaryUse {
        private final Policy agreement = concluded("health-secondary-use", """
                {"purposes": ["scientific-research", "public-health"], "retentionDays": 365,
                 "pseudonymisedFields": ["bsn", "patientId"]}""", "scientific-research");

        @Test
        void researchInTheEu_isPermittedWithPseudonymisationAndDeletion() {
            Decision d = decide(agreement, request());
            assertTrue(d.permitted(), () -> "decision " + d);
            assertEquals(List.of(new Obligation.Pseudonymise(Set.of("bsn", "patientId"), "agreement:agr-1"),
                    new Obligation.DeleteBy(START.plus(Duration.ofDays(365)))), d.obligations());
        }

        @Test
        void underConsent_alsoCarriesTheConsentFilter() {
            DatasetContext optIn = new DatasetContext("ds-1", "health", ConsentMode.OPT_IN, Optional.of("patientId"),
                    DATASET.fields());
            Decision d = DecisionPoint.standard().decide(Fixtures.compile(agreement, optIn), request().subject("h").build(),
                    (subject, query) -> true);
            assertEquals(List.of("pseudonymise", "delete-by", "consent-filter"),
                    d.obligations().stream().map(Obligation::kind).toList());
        }

        @Test
        void anotherPermittedPurposeThanAgreed_isDenied() {
            assertEquals(List.of(Reason.PURPOSE_NOT_PERMITTED), codes(decide(agreement, request().purpose("public-health"))));
        }

        @Test
        void useOutsideTheEu_isDenied() {
            assertEquals(List.of(Reason.REGION_NOT_PERMITTED), codes(decide(agreement, request().region("US"))));
        }

        @Test
        void distribution_isProhibited() {
            assertEquals(List.of(Reason.PROHIBITED), codes(decide(agreement, request().action("distribute"))));
        }

        @Test
        void reidentification_isProhibited() {
            assertEquals(List.of(Reason.PROHIBITED), codes(decide(agreement,
                    request().action(org.sluis.contracts.template.SluisVocabulary.REIDENTIFY))));
        }

        @Test
        void doesNotCountUses() {
            assertFalse(Fixtures.compile(agreement).countsUses());
        }
    }

    @Nested
    class MobilityMaas {
        private final Policy agreement = concluded("mobility-maas", """
                {"purpose": "route-planning", "from": "2026-01-01", "until": "2026-07-01",
                 "requestsPerDay": 10000, "region": "NL-NH"}""", "route-planning");

        private Fixtures.Request routePlanning() {
            return request().purpose("route-planning").at("2026-03-02T08:00:00Z");
        }

        @Test
        void routePlanningInNoordHolland_isPermittedWithoutObligations() {
            Decision d = decide(agreement, routePlanning().uses(123_456, 9_999));
            assertTrue(d.permitted(), () -> "decision " + d);
            assertEquals(List.of(), d.obligations());
        }

        @Test
        void theDailyQuota_isEnforced() {
            assertEquals(List.of(Reason.COUNT_NOT_PERMITTED), codes(decide(agreement, routePlanning().uses(10_000, 10_000))));
        }

        @Test
        void theEndDate_isExclusive() {
            assertEquals(List.of(Reason.TIME_NOT_PERMITTED),
                    codes(decide(agreement, routePlanning().at("2026-07-01T00:00:00Z"))));
            assertTrue(decide(agreement, routePlanning().at("2026-06-30T23:59:59Z")).permitted());
        }

        @Test
        void anotherProvince_isDenied() {
            assertEquals(List.of(Reason.REGION_NOT_PERMITTED), codes(decide(agreement, routePlanning().region("NL-UT"))));
        }

        @Test
        void countsUses() {
            assertTrue(Fixtures.compile(agreement).countsUses());
        }
    }

    @Nested
    class CorridorIndustrial {
        private final Policy agreement = concluded("corridor-industrial", """
                {"recipient": "%s", "purpose": "predictive-maintenance", "endDate": "2027-12-31"}"""
                .formatted(CONSUMER), "predictive-maintenance");

        @Test
        void theNamedRecipient_isPermittedAndMustDeleteAtTheEnd() {
            Decision d = decide(agreement, request().purpose("predictive-maintenance"));
            assertTrue(d.permitted(), () -> "decision " + d);
            assertEquals(List.of(new Obligation.DeleteBy(Instant.parse("2027-12-31T00:00:00Z"))), d.obligations());
        }

        @Test
        void useFromTheEndDate_isDenied() {
            assertEquals(List.of(Reason.TIME_NOT_PERMITTED), codes(decide(agreement,
                    request().purpose("predictive-maintenance").at("2027-12-31T00:00:00Z"))));
        }

        @Test
        void commercialisation_isProhibited() {
            assertEquals(List.of(Reason.PROHIBITED), codes(decide(agreement,
                    request().purpose("predictive-maintenance").action("commercialize"))));
        }
    }

    @Nested
    class OpenResearch {
        private final Policy agreement = concluded("open-research", """
                {"attributionText": "Data: Example Hospital, CC BY 4.0"}""", "teaching");

        @Test
        void theAgreedPurpose_isPermittedWithNothingForTheExchangeToDo() {
            Decision d = decide(agreement, request().purpose("teaching").region(null));
            assertTrue(d.permitted(), () -> "decision " + d);
            assertEquals(List.of(), d.obligations());
        }

        @Test
        void anotherPurpose_isDenied() {
            assertEquals(List.of(Reason.PURPOSE_NOT_PERMITTED), codes(decide(agreement, request().purpose("education"))));
        }
    }

    @Test
    void everyTemplate_compilesWithoutProblems() {
        assertEquals(4, Templates.all().size(), "expected the four standard templates");
        for (Policy p : List.of(new HealthSecondaryUse().agreement, new MobilityMaas().agreement,
                new CorridorIndustrial().agreement, new OpenResearch().agreement)) {
            assertEquals(List.of(), Fixtures.compile(p).problems(), p.uid());
        }
    }
}
