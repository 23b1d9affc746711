package org.sluis.contracts.odrl;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.odrl.Fixtures.CODEC;
import static org.sluis.contracts.odrl.Fixtures.resource;
import static org.sluis.contracts.odrl.Fixtures.tree;
import static org.sluis.contracts.odrl.Fixtures.valid;

class OdrlCodecTest {

    private static final String TARGET = "https://sluis.example/dataset/cohort-2024";

    private static Policy purposeOffer() {
        Rule.Permission permission = new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE,
                Optional.empty(), Optional.empty(),
                List.of(Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text("research"))),
                List.of());
        return new Policy(PolicyType.OFFER, "https://sluis.example/policy/offer-1", Optional.empty(), Optional.empty(),
                Optional.of("https://sluis.example/party/hospital-a"), Optional.empty(), Optional.of(TARGET),
                ConflictStrategy.INVALID, List.of(permission), List.of(), List.of());
    }

    @Nested
    class RoundTrip {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"offer-with-purpose-constraint", "agreement-with-parties", "set-with-prohibition",
                "duty-with-constraint", "logical-and-or-xone", "dates-lists-and-refinements",
                "agreement-issued"})
        void a_compact_document_is_written_back_as_the_same_json_tree(String name) {
            String json = resource("roundtrip/" + name + ".json");

            String written = CODEC.write(valid(json));

            assertEquals(tree(json), tree(written), "expected JSON -> model -> JSON to give the same tree");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"offer-with-purpose-constraint", "agreement-with-parties", "set-with-prohibition",
                "duty-with-constraint", "logical-and-or-xone", "dates-lists-and-refinements",
                "agreement-issued"})
        void a_model_is_read_back_equal_after_writing(String name) {
            Policy policy = valid(resource("roundtrip/" + name + ".json"));

            assertEquals(policy, valid(CODEC.write(policy)));
        }

        @Test
        void a_policy_built_in_code_survives_writing_and_reading() {
            assertEquals(purposeOffer(), valid(CODEC.write(purposeOffer())));
        }

        @Test
        void a_policy_built_in_code_is_written_as_the_compact_example() {
            assertEquals(tree(resource("roundtrip/offer-with-purpose-constraint.json")), CODEC.toJson(purposeOffer()));
        }
    }

    @Nested
    class Write {

        @Test
        void writing_puts_the_odrl_context_and_compact_type_first() {
            String json = CODEC.write(purposeOffer());

            assertTrue(json.startsWith("{\"@context\":\"http://www.w3.org/ns/odrl.jsonld\",\"@type\":\"Offer\""),
                    "expected the context and type first, found " + json);
        }

        @Test
        void writing_omits_the_default_conflict_strategy_and_empty_rule_lists() {
            String json = CODEC.write(purposeOffer());

            assertFalse(json.contains("conflict") || json.contains("prohibition") || json.contains("obligation"),
                    "expected no conflict, prohibition or obligation member, found " + json);
        }

        @Test
        void writing_an_and_sequence_uses_an_at_list_so_its_order_survives_json_ld_processing() {
            Constraint first = Constraint.Atomic.of(LeftOperands.EVENT, Operator.EQ,
                    new RightOperand.Iri("https://sluis.example/event/approval"));
            Constraint second = Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text("audit"));
            Rule.Permission permission = new Rule.Permission(Optional.empty(), Optional.empty(), Action.READ,
                    Optional.empty(), Optional.empty(),
                    List.of(new Constraint.Logical(LogicalOperator.AND_SEQUENCE, List.of(first, second))), List.of());
            Policy policy = new Policy(PolicyType.SET, "urn:p:1", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(TARGET), ConflictStrategy.INVALID, List.of(permission), List.of(), List.of());

            assertTrue(CODEC.toJson(policy).at("/permission/0/constraint/0/andSequence/@list").isArray(),
                    "expected andSequence operands in @list, found " + CODEC.write(policy));
            assertEquals(policy, valid(CODEC.write(policy)));
        }

        @Test
        void writing_keeps_the_scale_of_decimal_numbers() {
            Policy policy = valid(resource("roundtrip/duty-with-constraint.json"));

            assertTrue(CODEC.write(policy).contains("\"rightOperand\":5.00"), "expected 5.00 to stay 5.00");
        }
    }

    @Nested
    class Read {

        @Test
        void expanded_iris_and_prefixed_names_read_to_the_same_model_as_compact_terms() {
            String expanded = """
                    {
                      "@type": ["http://www.w3.org/ns/odrl/2/Offer"],
                      "@id": "https://sluis.example/policy/offer-1",
                      "http://www.w3.org/ns/odrl/2/assigner": {"@id": "https://sluis.example/party/hospital-a"},
                      "odrl:target": [{"@id": "https://sluis.example/dataset/cohort-2024"}],
                      "http://www.w3.org/ns/odrl/2/permission": {
                        "@type": "odrl:Permission",
                        "odrl:action": {"@id": "odrl:use"},
                        "http://www.w3.org/ns/odrl/2/constraint": {
                          "@type": "http://www.w3.org/ns/odrl/2/Constraint",
                          "odrl:leftOperand": {"@id": "http://www.w3.org/ns/odrl/2/purpose"},
                          "http://www.w3.org/ns/odrl/2/operator": [{"@id": "odrl:eq"}],
                          "odrl:rightOperand": {"@value": "research"}
                        }
                      }
                    }
                    """;

            assertEquals(valid(resource("roundtrip/offer-with-purpose-constraint.json")), valid(expanded));
        }

        @Test
        void an_action_given_as_a_full_iri_string_reads_as_the_compact_term() {
            String json = resource("roundtrip/offer-with-purpose-constraint.json")
                    .replace("\"action\": \"use\"", "\"action\": \"http://www.w3.org/ns/odrl/2/use\"");

            assertEquals(Action.USE, valid(json).permissions().get(0).action());
        }

        @Test
        void a_logical_constraint_given_as_an_at_list_reads_like_an_array() {
            String template = """
                    {"@type": "Set", "uid": "urn:p:1", "target": "urn:a:1",
                     "permission": [{"action": "use", "constraint": [{"xone": %s}]}]}
                    """;
            String operands = "[{\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"a\"},"
                    + " {\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"b\"}]";

            assertEquals(valid(template.formatted(operands)),
                    valid(template.formatted("{\"@list\": " + operands + "}")));
        }

        @Test
        void typed_literals_in_the_style_of_the_spec_examples_read_to_numbers_and_dates() {
            String json = """
                    {
                      "@context": "http://www.w3.org/ns/odrl.jsonld",
                      "@type": "Offer",
                      "uid": "http://example.com/policy:6161",
                      "assigner": "http://example.com/org:abc",
                      "permission": [{
                        "target": "http://example.com/document:1234",
                        "action": [{
                          "rdf:value": {"@id": "odrl:print"},
                          "refinement": [{
                            "leftOperand": "resolution",
                            "operator": "lteq",
                            "rightOperand": {"@value": "1200", "@type": "xsd:integer"},
                            "unit": "http://dbpedia.org/resource/Dots_per_inch"
                          }]
                        }],
                        "constraint": [{
                          "leftOperand": "dateTime",
                          "operator": "lt",
                          "rightOperand": {"@value": "2017-12-31", "@type": "http://www.w3.org/2001/XMLSchema#date"}
                        }]
                      }]
                    }
                    """;

            Rule.Permission permission = valid(json).permissions().get(0);

            Constraint.Atomic refinement = (Constraint.Atomic) permission.action().refinements().get(0);
            assertEquals(new RightOperand.Numeric(new BigDecimal("1200")), refinement.rightOperand());
            assertEquals(Optional.of("http://dbpedia.org/resource/Dots_per_inch"), refinement.unit());
            assertEquals(new RightOperand.Date(LocalDate.of(2017, 12, 31)),
                    ((Constraint.Atomic) permission.constraints().get(0)).rightOperand());
        }

        @Test
        void a_date_time_keeps_its_offset() {
            Policy policy = valid(resource("roundtrip/dates-lists-and-refinements.json"));

            Constraint.Atomic first = (Constraint.Atomic) policy.permissions().get(0).constraints().get(0);
            assertEquals(new RightOperand.DateTime(OffsetDateTime.parse("2027-01-01T00:00:00Z")), first.rightOperand());
        }

        @Test
        void a_missing_conflict_member_means_the_spec_default_invalid() {
            assertEquals(ConflictStrategy.INVALID,
                    valid(resource("roundtrip/offer-with-purpose-constraint.json")).conflict());
        }

        @Test
        void parties_and_assets_may_be_objects_with_a_uid() {
            String json = resource("roundtrip/agreement-with-parties.json").replace(
                    "\"assignee\": \"http://example.com/person:billie\"",
                    "\"assignee\": {\"@type\": \"Party\", \"uid\": \"http://example.com/person:billie\"}");

            assertEquals(valid(resource("roundtrip/agreement-with-parties.json")), valid(json));
        }

        @Test
        void an_assigner_on_every_rule_satisfies_the_offer() {
            String json = """
                    {"@type": "Offer", "uid": "urn:p:1", "target": "urn:a:1",
                     "permission": [{"action": "use", "assigner": "urn:party:1"}]}
                    """;

            assertEquals(Optional.of("urn:party:1"), valid(json).permissions().get(0).assigner());
        }
    }
}
