package org.sluis.policy.opa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpaInputTest {

    private static OpaInput withRegion(Optional<String> region) {
        OpaInput base = OpaFixtures.input();
        return new OpaInput(base.caller(), base.roles(), region, base.participantStatus(), base.datasetId(),
                base.domain(), base.confidentiality(), base.provider(), base.agreement(), base.purpose(), base.action(),
                base.time());
    }

    private static OpaInput withConfidentiality(String confidentiality) {
        OpaInput base = OpaFixtures.input();
        return new OpaInput(base.caller(), base.roles(), base.region(), base.participantStatus(), base.datasetId(),
                base.domain(), confidentiality, base.provider(), base.agreement(), base.purpose(), base.action(),
                base.time());
    }

    @Nested
    class ToJson {

        @Test
        void is_the_documented_input_document() {
            assertEquals(OpaFixtures.resource("input-document.json"), OpaFixtures.input().toJson());
        }

        @Test
        void leaves_out_an_unknown_region_so_rego_sees_it_undefined() {
            ObjectNode json = withRegion(Optional.empty()).toJson();
            assertFalse(json.has("region"));
        }

        @Test
        void writes_times_as_RFC_3339_UTC() {
            ObjectNode json = OpaFixtures.input().toJson();
            assertEquals("2025-06-01T12:00:00.250Z", json.get("time").asText());
            assertEquals("2025-01-10T09:00:00Z", json.path("agreement").get("concluded").asText());
        }

        @Test
        void keeps_an_empty_template_of_a_bespoke_offer() {
            OpaInput.AgreementSummary bespoke = new OpaInput.AgreementSummary("agr-9", "offer-9", "", OpaFixtures.AMC,
                    OpaFixtures.UMC, Instant.parse("2025-01-01T00:00:00Z"));
            assertEquals("", bespoke.toJson().get("template").asText());
        }

        @Test
        void returns_a_fresh_object_each_time() {
            OpaInput input = OpaFixtures.input();
            input.toJson().put("caller", "someone else");
            assertEquals(OpaFixtures.UMC, input.toJson().get("caller").asText());
        }
    }

    @Nested
    class Construction {

        @Test
        void accepts_every_catalog_sensitivity_class() {
            for (String confidentiality : OpaInput.CONFIDENTIALITY_CLASSES) {
                assertEquals(confidentiality, withConfidentiality(confidentiality).confidentiality());
            }
        }

        @Test
        void rejects_an_unknown_confidentiality_class() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withConfidentiality("secret"));
            assertTrue(e.getMessage().contains("found 'secret'"), e.getMessage());
        }

        @Test
        void rejects_a_blank_caller() {
            OpaInput base = OpaFixtures.input();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OpaInput(" ",
                    base.roles(), base.region(), base.participantStatus(), base.datasetId(), base.domain(),
                    base.confidentiality(), base.provider(), base.agreement(), base.purpose(), base.action(), base.time()));
            assertTrue(e.getMessage().contains("caller"), e.getMessage());
        }

        @Test
        void rejects_a_blank_region_rather_than_sending_it() {
            assertThrows(IllegalArgumentException.class, () -> withRegion(Optional.of("")));
        }

        @Test
        void rejects_a_missing_time() {
            OpaInput base = OpaFixtures.input();
            assertThrows(NullPointerException.class, () -> new OpaInput(base.caller(), base.roles(), base.region(),
                    base.participantStatus(), base.datasetId(), base.domain(), base.confidentiality(), base.provider(),
                    base.agreement(), base.purpose(), base.action(), null));
        }

        @Test
        void rejects_a_blank_agreement_id() {
            assertThrows(IllegalArgumentException.class, () -> new OpaInput.AgreementSummary("", "offer-1", "",
                    OpaFixtures.AMC, OpaFixtures.UMC, Instant.EPOCH));
        }

        @Test
        void copies_the_roles() {
            Set<String> roles = new HashSet<>(Set.of("CONSUMER"));
            OpaInput base = OpaFixtures.input();
            OpaInput input = new OpaInput(base.caller(), roles, base.region(), base.participantStatus(), base.datasetId(),
                    base.domain(), base.confidentiality(), base.provider(), base.agreement(), base.purpose(), base.action(),
                    base.time());
            roles.add("OPERATOR");
            assertEquals(Set.of("CONSUMER"), input.roles());
        }
    }
}
