package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.PolicyValidator;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.RightOperand;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.template.TemplateFixtures.DATASET;
import static org.sluis.contracts.template.TemplateFixtures.OFFER;
import static org.sluis.contracts.template.TemplateFixtures.PROVIDER;
import static org.sluis.contracts.template.TemplateFixtures.VALID;
import static org.sluis.contracts.template.TemplateFixtures.json;
import static org.sluis.contracts.template.TemplateFixtures.offer;
import static org.sluis.contracts.template.TemplateFixtures.pointers;
import static org.sluis.contracts.template.TemplateFixtures.problems;
import static org.sluis.contracts.template.TemplateFixtures.template;

class ContractTemplateTest {

    private static final OdrlCodec CODEC = new OdrlCodec();

    @Nested
    class Instantiate {

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void a_valid_instantiation_round_trips_through_the_codec_unchanged(String id) {
            Policy policy = offer(id, VALID.get(id));

            PolicyRead read = CODEC.read(CODEC.write(policy));

            assertEquals(policy, assertInstanceOf(PolicyRead.Valid.class, read, () -> read.toString()).policy());
        }

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void a_valid_instantiation_passes_validation(String id) {
            assertEquals(List.of(), new PolicyValidator().validate(offer(id, VALID.get(id))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void the_offer_carries_the_given_uid_provider_and_target(String id) {
            Policy policy = offer(id, VALID.get(id));

            assertEquals(List.of(PolicyType.OFFER, OFFER, Optional.of(PROVIDER), Optional.empty(), Optional.of(DATASET)),
                    List.of(policy.type(), policy.uid(), policy.assigner(), policy.assignee(), policy.target()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void prohibitions_win_over_permissions(String id) {
            assertEquals(ConflictStrategy.PROHIBIT, offer(id, VALID.get(id)).conflict());
        }

        @Test
        void health_secondary_use_produces_the_documented_odrl() {
            assertOdrl("health-secondary-use", """
                    {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "%s",
                     "profile": "https://sluis.example/odrl/profile/v1", "assigner": "%s", "target": "%s",
                     "conflict": "prohibit",
                     "permission": [{"action": "use",
                       "constraint": [
                         {"leftOperand": "purpose", "operator": "isAnyOf",
                          "rightOperand": ["scientific-research", "public-health"]},
                         {"leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "EU"}],
                       "duty": [
                         {"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/pseudonymise"},
                           "refinement": [{"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf",
                                           "rightOperand": ["bsn", "patientId"]}]}]},
                         {"action": "delete", "constraint": [{"leftOperand": "elapsedTime", "operator": "lteq",
                           "rightOperand": 365, "unit": "http://qudt.org/vocab/unit/DAY"}]}]}],
                     "prohibition": [{"action": "distribute"}, {"action": "https://sluis.example/odrl/reidentify"}]}
                    """);
        }

        @Test
        void mobility_maas_produces_the_documented_odrl() {
            assertOdrl("mobility-maas", """
                    {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "%s",
                     "profile": "https://sluis.example/odrl/profile/v1", "assigner": "%s", "target": "%s",
                     "conflict": "prohibit",
                     "permission": [{"action": "use", "constraint": [
                       {"leftOperand": "purpose", "operator": "eq", "rightOperand": "route-planning"},
                       {"leftOperand": "dateTime", "operator": "gteq",
                        "rightOperand": {"@value": "2026-01-01", "@type": "xsd:date"}},
                       {"leftOperand": "dateTime", "operator": "lt",
                        "rightOperand": {"@value": "2026-07-01", "@type": "xsd:date"}},
                       {"leftOperand": "count", "operator": "lteq", "rightOperand": 10000,
                        "unit": "http://qudt.org/vocab/unit/PER-DAY"},
                       {"leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "NL-NH"}]}]}
                    """);
        }

        @Test
        void corridor_industrial_produces_the_documented_odrl() {
            assertOdrl("corridor-industrial", """
                    {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "%s",
                     "assigner": "%s", "target": "%s", "conflict": "prohibit",
                     "permission": [{"action": "use",
                       "constraint": [
                         {"leftOperand": "recipient", "operator": "eq",
                          "rightOperand": {"@id": "https://sluis.example/party/consumer"}},
                         {"leftOperand": "purpose", "operator": "eq", "rightOperand": "predictive-maintenance"},
                         {"leftOperand": "dateTime", "operator": "lt",
                          "rightOperand": {"@value": "2027-12-31", "@type": "xsd:date"}}],
                       "duty": [{"action": "delete", "constraint": [{"leftOperand": "dateTime", "operator": "gteq",
                          "rightOperand": {"@value": "2027-12-31", "@type": "xsd:date"}}]}]}],
                     "prohibition": [{"action": "commercialize"}, {"action": "distribute"}]}
                    """);
        }

        @Test
        void open_research_produces_the_documented_odrl() {
            assertOdrl("open-research", """
                    {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "%s",
                     "profile": "https://sluis.example/odrl/profile/v1", "assigner": "%s", "target": "%s",
                     "conflict": "prohibit",
                     "permission": [{"action": "use", "duty": [{"action": [{"rdf:value": {"@id": "odrl:attribute"},
                       "refinement": [{"leftOperand": "https://sluis.example/odrl/attributionText", "operator": "eq",
                                       "rightOperand": "Data: Example Hospital, CC BY 4.0"}]}]}]}]}
                    """);
        }

        @Test
        void a_single_allowed_purpose_is_still_a_list() {
            Policy policy = offer("health-secondary-use", """
                    {"purposes": ["education"], "retentionDays": 1, "pseudonymisedFields": ["bsn"]}""");

            assertEquals(List.of(), new PolicyValidator().validate(policy));
        }

        @Test
        void an_offer_uid_that_is_not_an_iri_is_refused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> template("open-research")
                    .instantiate("offer 1", PROVIDER, DATASET, json(VALID.get("open-research"))));

            assertEquals("expected offerUid to be an absolute IRI, found 'offer 1'", e.getMessage());
        }

        @Test
        void a_target_that_is_not_an_iri_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> template("open-research")
                    .instantiate(OFFER, PROVIDER, "cohort-2024", json(VALID.get("open-research"))));
        }

        private void assertOdrl(String id, String expected) {
            JsonNode written = json(CODEC.write(offer(id, VALID.get(id))));

            assertEquals(json(expected.formatted(OFFER, PROVIDER, DATASET)), written);
        }
    }

    @Nested
    class ParameterProblems {

        @Test
        void an_unknown_parameter_is_reported_at_its_name() {
            List<Problem> problems = problems("open-research", """
                    {"attributionText": "Data: X", "license": "CC-BY"}""");

            assertEquals(List.of(new Problem("/parameters/license",
                    "expected one of the parameters [attributionText], found unknown parameter 'license'")), problems);
        }

        @Test
        void an_unknown_parameter_name_is_escaped_in_the_pointer() {
            assertEquals(List.of("/parameters/a~1b~0c"), pointers(problems("open-research", """
                    {"attributionText": "Data: X", "a/b~c": 1}""")));
        }

        @Test
        void a_missing_required_parameter_is_reported_at_its_name() {
            assertEquals(List.of(new Problem("/parameters/attributionText",
                    "expected required TEXT parameter 'attributionText', found none")), problems("open-research", "{}"));
        }

        @Test
        void an_integer_given_as_a_string_is_the_wrong_type() {
            assertEquals(List.of(new Problem("/parameters/retentionDays", "expected an integer, found string \"365\"")),
                    problems("health-secondary-use", """
                            {"purposes": ["education"], "retentionDays": "365", "pseudonymisedFields": ["bsn"]}"""));
        }

        @Test
        void a_fractional_number_is_not_an_integer() {
            assertEquals(List.of("/parameters/requestsPerDay"), pointers(problems("mobility-maas", """
                    {"purpose": "p", "from": "2026-01-01", "until": "2026-02-01", "requestsPerDay": 1.5,
                     "region": "NL"}""")));
        }

        @Test
        void a_null_value_is_the_wrong_type() {
            assertEquals(List.of(new Problem("/parameters/attributionText", "expected a non-blank string, found null")),
                    problems("open-research", "{\"attributionText\": null}"));
        }

        @Test
        void a_list_item_of_the_wrong_type_is_reported_at_its_index() {
            assertEquals(List.of(new Problem("/parameters/purposes/1", "expected a non-blank string, found number 7")),
                    problems("health-secondary-use", """
                            {"purposes": ["education", 7], "retentionDays": 30, "pseudonymisedFields": ["bsn"]}"""));
        }

        @Test
        void a_list_given_as_a_single_string_is_the_wrong_type() {
            assertEquals(List.of("/parameters/pseudonymisedFields"), pointers(problems("health-secondary-use", """
                    {"purposes": ["education"], "retentionDays": 30, "pseudonymisedFields": "bsn"}""")));
        }

        @Test
        void an_empty_list_is_reported_at_the_list() {
            assertEquals(List.of(new Problem("/parameters/pseudonymisedFields",
                            "expected at least one value, found an empty array")),
                    problems("health-secondary-use", """
                            {"purposes": ["education"], "retentionDays": 30, "pseudonymisedFields": []}"""));
        }

        @Test
        void a_repeated_list_item_is_reported_at_the_repeat() {
            assertEquals(List.of(new Problem("/parameters/pseudonymisedFields/2", "expected distinct values, found 'bsn' again")),
                    problems("health-secondary-use", """
                            {"purposes": ["education"], "retentionDays": 30,
                             "pseudonymisedFields": ["bsn", "name", "bsn"]}"""));
        }

        @Test
        void a_list_item_outside_the_allowed_set_is_reported_at_its_index() {
            assertEquals(List.of(new Problem("/parameters/purposes/2", "expected one of [scientific-research,"
                            + " public-health, official-statistics, care-improvement, education, policy-making],"
                            + " found 'marketing'")),
                    problems("health-secondary-use", """
                            {"purposes": ["education", "public-health", "marketing"], "retentionDays": 30,
                             "pseudonymisedFields": ["bsn"]}"""));
        }

        @Test
        void a_text_outside_the_allowed_set_is_not_allowed() {
            assertEquals(List.of(new Problem("/parameters/purpose",
                            "expected one of [predictive-maintenance, ai-training], found 'resale'")),
                    problems("corridor-industrial", """
                            {"recipient": "https://sluis.example/party/consumer", "purpose": "resale",
                             "endDate": "2027-12-31"}"""));
        }

        @Test
        void an_integer_below_the_minimum_is_out_of_range() {
            assertEquals(List.of(new Problem("/parameters/retentionDays", "expected an integer from 1 to 3650, found 0")),
                    problems("health-secondary-use", """
                            {"purposes": ["education"], "retentionDays": 0, "pseudonymisedFields": ["bsn"]}"""));
        }

        @Test
        void an_integer_above_the_maximum_is_out_of_range() {
            assertEquals(List.of(new Problem("/parameters/requestsPerDay",
                            "expected an integer from 1 to 1000000, found 1000001")),
                    problems("mobility-maas", """
                            {"purpose": "p", "from": "2026-01-01", "until": "2026-02-01", "requestsPerDay": 1000001,
                             "region": "NL"}"""));
        }

        @Test
        void an_integer_too_large_for_a_long_is_out_of_range_not_wrapped() {
            assertEquals(List.of("/parameters/retentionDays"), pointers(problems("health-secondary-use", """
                    {"purposes": ["education"], "retentionDays": 18446744073709551617,
                     "pseudonymisedFields": ["bsn"]}""")));
        }

        @Test
        void an_impossible_date_is_the_wrong_type() {
            assertEquals(List.of(new Problem("/parameters/from",
                            "expected a date as a string yyyy-mm-dd, found string \"2026-02-30\"")),
                    problems("mobility-maas", """
                            {"purpose": "p", "from": "2026-02-30", "until": "2026-03-01", "requestsPerDay": 5,
                             "region": "NL"}"""));
        }

        @Test
        void an_end_not_after_the_start_is_reported_at_until() {
            assertEquals(List.of(new Problem("/parameters/until",
                            "expected a date after from 2026-03-01, found 2026-03-01")),
                    problems("mobility-maas", """
                            {"purpose": "p", "from": "2026-03-01", "until": "2026-03-01", "requestsPerDay": 5,
                             "region": "NL"}"""));
        }

        @Test
        void a_region_that_is_not_an_iso_3166_code_is_not_allowed() {
            assertEquals(List.of(new Problem("/parameters/region",
                            "expected an ISO 3166 code such as NL or NL-NH, found 'Noord-Holland'")),
                    problems("mobility-maas", """
                            {"purpose": "p", "from": "2026-01-01", "until": "2026-02-01", "requestsPerDay": 5,
                             "region": "Noord-Holland"}"""));
        }

        @Test
        void a_participant_that_is_not_an_iri_is_the_wrong_type() {
            assertEquals(List.of(new Problem("/parameters/recipient",
                            "expected a participant as an absolute IRI string, found string \"Acme BV\"")),
                    problems("corridor-industrial", """
                            {"recipient": "Acme BV", "purpose": "ai-training", "endDate": "2027-12-31"}"""));
        }

        @Test
        void parameters_that_are_not_an_object_are_reported_at_the_parameters() {
            assertEquals(List.of(new Problem("/parameters", "expected an object of parameters, found array [1]")),
                    problems("open-research", "[1]"));
        }

        @Test
        void every_problem_is_reported_together_in_a_stable_order() {
            List<Problem> problems = problems("mobility-maas", """
                    {"purpose": "", "until": "2026-13-01", "requestsPerDay": 0, "region": "nl-nh", "fee": 3}""");

            assertEquals(List.of("/parameters/fee", "/parameters/purpose", "/parameters/from", "/parameters/until",
                    "/parameters/requestsPerDay", "/parameters/region"), pointers(problems));
        }

        @Test
        void problems_in_several_list_items_are_all_reported() {
            assertEquals(List.of("/parameters/purposes/0", "/parameters/purposes/2", "/parameters/retentionDays"),
                    pointers(problems("health-secondary-use", """
                            {"purposes": ["ads", "education", ""], "retentionDays": 3651,
                             "pseudonymisedFields": ["bsn"]}""")));
        }
    }

    @Nested
    class Describe {

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void lists_every_parameter_in_declaration_order(String id) {
            ContractTemplate template = template(id);
            List<String> described = new ArrayList<>();
            template.describe().get("parameters").fieldNames().forEachRemaining(described::add);

            assertEquals(List.copyOf(template.parameters().keySet()), described);
        }

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void states_id_version_and_summary(String id) {
            ContractTemplate template = template(id);
            ObjectNode described = template.describe();

            assertEquals(List.of(id, template.version(), template.summary()), List.of(described.get("id").asText(),
                    described.get("version").asText(), described.get("summary").asText()));
        }

        @Test
        void gives_kind_required_description_allowed_and_bounds() {
            assertEquals(json("""
                    {"purposes": {"kind": "TEXT_LIST", "required": true,
                       "description": "The secondary-use purposes permitted (EHDS Art. 53 style).",
                       "allowed": ["scientific-research", "public-health", "official-statistics", "care-improvement",
                                   "education", "policy-making"]},
                     "retentionDays": {"kind": "INTEGER", "required": true,
                       "description": "Days after which the user must have deleted the data.", "min": 1, "max": 3650},
                     "pseudonymisedFields": {"kind": "TEXT_LIST", "required": true,
                       "description": "The identifier fields the user must replace with pseudonyms."}}"""),
                    json(template("health-secondary-use").describe().get("parameters").toString()));
        }

        @Test
        void gives_the_participant_kind() {
            assertEquals("PARTICIPANT", template("corridor-industrial").describe()
                    .at("/parameters/recipient/kind").asText());
        }

        @Test
        void returns_a_new_object_each_time() {
            ContractTemplate template = template("open-research");
            template.describe().put("id", "changed");

            assertEquals("open-research", template.describe().get("id").asText());
        }
    }

    @Nested
    class OptionalParameters {

        private final ContractTemplate template = new DefinedTemplate("test-defaults", "1.0", "A test. Two sentences.",
                List.of(Parameter.required("note", Parameter.Kind.TEXT, "Required note."),
                        new Parameter("days", Parameter.Kind.INTEGER, false, "Optional days.", List.of(),
                                Optional.of(1L), Optional.of(10L), Optional.of(json("7")))),
                (values, problems) -> { },
                values -> new DefinedTemplate.Rules(Optional.empty(), ConflictStrategy.PROHIBIT,
                        List.of(DefinedTemplate.permission(Action.USE, List.of(
                                Constraint.Atomic.of("count",
                                        Operator.LTEQ,
                                        new RightOperand.Numeric(
                                                BigDecimal.valueOf(values.integer("days"))))), List.of())),
                        List.of()));

        @Test
        void an_absent_optional_parameter_takes_its_default() {
            Instantiated.Offer offer = assertInstanceOf(Instantiated.Offer.class,
                    template.instantiate(OFFER, PROVIDER, DATASET, json("{\"note\": \"n\"}")));

            assertTrue(CODEC.write(offer.policy()).contains("\"rightOperand\":7"), CODEC.write(offer.policy()));
        }

        @Test
        void an_absent_optional_parameter_is_not_a_problem_but_a_bad_one_is() {
            Instantiated.Rejected rejected = assertInstanceOf(Instantiated.Rejected.class,
                    template.instantiate(OFFER, PROVIDER, DATASET, json("{\"days\": 11}")));

            assertEquals(List.of("/parameters/note", "/parameters/days"), pointers(rejected.problems()));
        }

        @Test
        void describe_gives_the_default_and_marks_it_optional() {
            JsonNode days = template.describe().at("/parameters/days");

            assertFalse(days.get("required").asBoolean());
            assertEquals(7, days.get("default").asInt());
        }
    }
}
