package org.sluis.contracts.odrl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.odrl.Fixtures.CODEC;
import static org.sluis.contracts.odrl.Fixtures.pointers;
import static org.sluis.contracts.odrl.Fixtures.problems;
import static org.sluis.contracts.odrl.Fixtures.valid;

/** Reading rejects invalid documents with every problem and its exact RFC 6901 pointer. */
class PolicyValidationTest {

    /** A valid Set with a policy-level target, into which one fragment is spliced. */
    private static String set(String rules) {
        return "{\"@context\": \"http://www.w3.org/ns/odrl.jsonld\", \"@type\": \"Set\", \"uid\": \"urn:p:1\","
                + " \"target\": \"urn:asset:1\", " + rules + "}";
    }

    private static String permissionWith(String constraint) {
        return set("\"permission\": [{\"action\": \"use\", \"constraint\": ["
                + "{\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"research\"}, "
                + constraint + "]}]");
    }

    private static void assertSingleProblemAt(String pointer, String json) {
        List<Problem> problems = problems(json);
        assertEquals(List.of(pointer), problems.stream().map(Problem::pointer).toList(),
                "expected exactly one problem at " + pointer + ", found " + problems);
    }

    @Nested
    class Constraints {

        @Test
        void an_unknown_operator_is_reported_at_the_operator() {
            assertSingleProblemAt("/permission/0/constraint/1/operator",
                    permissionWith("{\"leftOperand\": \"count\", \"operator\": \"atMost\", \"rightOperand\": 3}"));
        }

        @Test
        void an_unknown_logical_operator_is_reported_at_its_member() {
            assertSingleProblemAt("/permission/0/constraint/1/nand",
                    permissionWith("{\"nand\": [{\"leftOperand\": \"count\", \"operator\": \"lt\", \"rightOperand\": 3}]}"));
        }

        @Test
        void a_constraint_without_left_operand_is_reported_where_it_belongs() {
            assertSingleProblemAt("/permission/0/constraint/1/leftOperand",
                    permissionWith("{\"operator\": \"eq\", \"rightOperand\": \"x\"}"));
        }

        @Test
        void a_constraint_without_operator_is_reported_where_it_belongs() {
            assertSingleProblemAt("/permission/0/constraint/1/operator",
                    permissionWith("{\"leftOperand\": \"purpose\", \"rightOperand\": \"x\"}"));
        }

        @Test
        void a_constraint_without_right_operand_is_reported_where_it_belongs() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"purpose\", \"operator\": \"eq\"}"));
        }

        @Test
        void a_list_operator_with_a_single_value_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"purpose\", \"operator\": \"isAnyOf\", \"rightOperand\": \"x\"}"));
        }

        @Test
        void a_single_value_operator_with_a_list_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": [\"x\"]}"));
        }

        @Test
        void an_ordering_operator_with_text_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"percentage\", \"operator\": \"lt\", \"rightOperand\": \"ten\"}"));
        }

        @Test
        void a_date_time_constraint_with_plain_text_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"dateTime\", \"operator\": \"eq\", \"rightOperand\": \"tomorrow\"}"));
        }

        @Test
        void a_count_that_is_not_a_non_negative_integer_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"count\", \"operator\": \"lteq\", \"rightOperand\": -1}"));
        }

        @Test
        void a_date_time_without_offset_is_reported_at_its_lexical_value() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand/@value",
                    permissionWith("{\"leftOperand\": \"dateTime\", \"operator\": \"lt\", \"rightOperand\":"
                            + " {\"@value\": \"2027-01-01T00:00:00\", \"@type\": \"xsd:dateTime\"}}"));
        }

        @Test
        void an_unknown_left_operand_term_is_reported_at_the_left_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/leftOperand",
                    permissionWith("{\"leftOperand\": \"mood\", \"operator\": \"eq\", \"rightOperand\": \"happy\"}"));
        }

        @Test
        void an_empty_logical_constraint_is_reported_at_its_operand_list() {
            assertSingleProblemAt("/permission/0/constraint/1/and", permissionWith("{\"and\": []}"));
        }

        @Test
        void a_constraint_mixing_logical_and_atomic_members_is_reported_at_the_constraint() {
            assertSingleProblemAt("/permission/0/constraint/1", permissionWith(
                    "{\"or\": [], \"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"x\"}"));
        }

        @Test
        void constraints_nested_too_deep_are_reported_not_thrown() {
            String deep = "{\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": \"x\"}";
            for (int i = 0; i < 40; i++) {
                deep = "{\"and\": [" + deep + "]}";
            }

            assertEquals(1, problems(permissionWith(deep)).size());
        }
    }

    @Nested
    class Rules {

        @Test
        void a_permission_without_target_when_the_policy_has_none_is_reported_at_its_target() {
            assertSingleProblemAt("/permission/0/target",
                    "{\"@type\": \"Set\", \"uid\": \"urn:p:1\", \"permission\": [{\"action\": \"use\"}]}");
        }

        @Test
        void a_prohibition_without_action_is_reported_at_its_action() {
            assertSingleProblemAt("/prohibition/0/action", set("\"prohibition\": [{\"target\": \"urn:asset:2\"}]"));
        }

        @Test
        void an_unknown_action_is_reported_at_the_action() {
            assertSingleProblemAt("/permission/0/action", set("\"permission\": [{\"action\": \"borrow\"}]"));
        }

        @Test
        void an_unknown_member_inside_a_rule_is_reported_at_that_member() {
            assertSingleProblemAt("/permission/0/note",
                    set("\"permission\": [{\"action\": \"use\", \"note\": \"be nice\"}]"));
        }

        @Test
        void a_duplicate_rule_uid_is_reported_at_the_second_uid() {
            assertSingleProblemAt("/prohibition/0/uid", set("\"conflict\": \"perm\","
                    + " \"permission\": [{\"uid\": \"urn:rule:1\", \"action\": \"use\"}],"
                    + " \"prohibition\": [{\"uid\": \"urn:rule:1\", \"action\": \"delete\"}]"));
        }

        @Test
        void a_consequence_inside_a_consequence_is_reported_at_the_inner_consequence() {
            assertSingleProblemAt("/obligation/0/consequence/0/consequence", set("\"obligation\": [{\"action\":"
                    + " \"delete\", \"consequence\": [{\"action\": \"inform\", \"consequence\": [{\"action\": \"compensate\"}]}]}]"));
        }

        @Test
        void a_rule_type_that_does_not_match_its_member_is_reported_at_the_type() {
            assertSingleProblemAt("/permission/0/@type",
                    set("\"permission\": [{\"@type\": \"Prohibition\", \"action\": \"use\"}]"));
        }
    }

    @Nested
    class Conflicts {

        private static final String RULES = "\"permission\": [{\"action\": \"read\"}, {\"action\": \"distribute\"}],"
                + " \"prohibition\": [{\"action\": \"distribute\"}]";

        @Test
        void a_permission_and_prohibition_on_the_same_target_and_action_are_both_reported() {
            List<Problem> problems = problems(set(RULES));

            assertEquals(List.of("/permission/1", "/prohibition/0"), problems.stream().map(Problem::pointer).toList());
            assertTrue(problems.get(0).message().contains("/prohibition/0"), "expected the message to name the other rule");
        }

        @Test
        void an_explicit_invalid_strategy_reports_the_conflict_too() {
            assertEquals(List.of("/permission/1", "/prohibition/0"), pointers(set("\"conflict\": \"invalid\", " + RULES)));
        }

        @Test
        void the_perm_strategy_resolves_the_conflict() {
            assertEquals(ConflictStrategy.PERM, valid(set("\"conflict\": \"perm\", " + RULES)).conflict());
        }

        @Test
        void different_targets_do_not_conflict() {
            valid(set("\"permission\": [{\"action\": \"use\"}],"
                    + " \"prohibition\": [{\"action\": \"use\", \"target\": \"urn:asset:other\"}]"));
        }

        @Test
        void an_unknown_conflict_strategy_is_reported_at_the_conflict() {
            assertSingleProblemAt("/conflict", set("\"conflict\": \"first\", \"permission\": [{\"action\": \"use\"}]"));
        }
    }

    @Nested
    class Parties {

        @Test
        void an_offer_without_assigner_is_reported_at_the_assigner() {
            assertSingleProblemAt("/assigner", "{\"@type\": \"Offer\", \"uid\": \"urn:p:1\", \"target\": \"urn:a:1\","
                    + " \"permission\": [{\"action\": \"use\"}]}");
        }

        @Test
        void an_agreement_without_assignee_is_reported_at_the_assignee() {
            assertSingleProblemAt("/assignee", "{\"@type\": \"Agreement\", \"uid\": \"urn:p:1\", \"target\": \"urn:a:1\","
                    + " \"assigner\": \"urn:party:1\", \"permission\": [{\"action\": \"use\"}]}");
        }

        @Test
        void an_agreement_without_any_party_is_reported_at_assigner_and_assignee() {
            assertEquals(List.of("/assigner", "/assignee"), pointers("{\"@type\": \"Agreement\", \"uid\": \"urn:p:1\","
                    + " \"target\": \"urn:a:1\", \"permission\": [{\"action\": \"use\"}]}"));
        }

        @Test
        void a_party_that_is_not_an_absolute_iri_is_reported_at_the_party() {
            assertSingleProblemAt("/assigner", "{\"@type\": \"Offer\", \"uid\": \"urn:p:1\", \"target\": \"urn:a:1\","
                    + " \"assigner\": \"hospital a\", \"permission\": [{\"action\": \"use\"}]}");
        }
    }

    @Nested
    class PolicyShape {

        @Test
        void a_policy_without_any_rule_is_reported_at_the_root() {
            assertSingleProblemAt("", set("\"permission\": []"));
        }

        @Test
        void an_unknown_policy_type_is_reported_at_the_type() {
            assertSingleProblemAt("/@type", "{\"@type\": \"Privacy\", \"uid\": \"urn:p:1\", \"target\": \"urn:a:1\","
                    + " \"permission\": [{\"action\": \"use\"}]}");
        }

        @Test
        void a_missing_uid_is_reported_where_it_belongs() {
            assertSingleProblemAt("/uid", "{\"@type\": \"Set\", \"target\": \"urn:a:1\", \"permission\": [{\"action\": \"use\"}]}");
        }

        @Test
        void a_foreign_context_is_reported_at_the_context() {
            assertSingleProblemAt("/@context", set("\"permission\": [{\"action\": \"use\"}]")
                    .replace("http://www.w3.org/ns/odrl.jsonld", "https://evil.example/context.jsonld"));
        }

        @Test
        void an_unknown_top_level_member_is_reported_with_its_escaped_name() {
            assertSingleProblemAt("/http:~1~1purl.org~1dc~1terms~1title",
                    set("\"http://purl.org/dc/terms/title\": \"x\", \"permission\": [{\"action\": \"use\"}]"));
        }

        @Test
        void a_member_given_twice_in_different_forms_is_reported_at_the_second() {
            assertSingleProblemAt("/odrl:permission",
                    set("\"permission\": [{\"action\": \"use\"}], \"odrl:permission\": [{\"action\": \"read\"}]"));
        }

        @Test
        void pointers_into_expanded_documents_use_the_member_names_as_given() {
            assertSingleProblemAt("/http:~1~1www.w3.org~1ns~1odrl~12~1permission/0/odrl:action",
                    set("\"http://www.w3.org/ns/odrl/2/permission\": [{\"odrl:action\": \"fly\"}]"));
        }
    }

    @Nested
    class WrongJsonTypes {

        @Test
        void a_numeric_uid_is_reported_at_the_uid() {
            assertSingleProblemAt("/uid", set("\"permission\": [{\"action\": \"use\"}]").replace("\"urn:p:1\"", "5"));
        }

        @Test
        void a_permission_that_is_a_string_is_reported_at_the_permission() {
            assertSingleProblemAt("/permission", set("\"permission\": \"use\""));
        }

        @Test
        void a_constraint_that_is_a_number_is_reported_at_the_constraint() {
            assertSingleProblemAt("/permission/0/constraint/0", set("\"permission\": [{\"action\": \"use\", \"constraint\": [1]}]"));
        }

        @Test
        void a_boolean_action_is_reported_at_the_action() {
            assertSingleProblemAt("/permission/0/action", set("\"permission\": [{\"action\": true}]"));
        }

        @Test
        void a_boolean_right_operand_is_reported_at_the_right_operand() {
            assertSingleProblemAt("/permission/0/constraint/1/rightOperand",
                    permissionWith("{\"leftOperand\": \"purpose\", \"operator\": \"eq\", \"rightOperand\": false}"));
        }

        @Test
        void two_values_where_one_is_expected_are_reported_at_the_array() {
            assertSingleProblemAt("/permission/0/action", set("\"permission\": [{\"action\": [\"use\", \"read\"]}]"));
        }
    }

    @Nested
    class ManyProblems {

        @Test
        void every_problem_of_a_broken_offer_is_reported_with_its_pointer() {
            String json = """
                    {
                      "@type": "Offer",
                      "uid": "urn:p:1",
                      "permission": [
                        {"action": "use", "constraint": [
                          {"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"},
                          {"leftOperand": "purpose", "operator": "like", "rightOperand": "x"}
                        ]},
                        {"target": "urn:a:1", "constraint": [{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": "x"}]}
                      ],
                      "prohibition": [{"target": "urn:a:2", "action": "use", "colour": "red"}]
                    }
                    """;

            assertEquals(List.of(
                    "/permission/0/constraint/1/operator",
                    "/permission/1/action",
                    "/permission/1/constraint/0/rightOperand",
                    "/prohibition/0/colour",
                    "/permission/0/target",
                    "/assigner"), pointers(json));
        }
    }

    @Nested
    class Garbage {

        @ParameterizedTest
        @ValueSource(strings = {"", "{", "[]", "42", "\"offer\"", "null", "true", "{} {}", "{\"a\": 1, \"a\": 2}"})
        void a_document_that_is_not_a_json_object_gives_one_problem_at_the_root(String json) {
            assertEquals(List.of(""), pointers(json));
        }

        @Test
        void a_missing_tree_gives_a_problem_not_an_exception() {
            PolicyRead read = CODEC.read((JsonNode) null);

            assertEquals("", assertInstanceOf(PolicyRead.Invalid.class, read).problems().get(0).pointer());
        }

        @Test
        void an_empty_object_reports_type_uid_and_rules() {
            assertEquals(List.of("/@type", "/uid", ""), pointers("{}"));
        }

        @Test
        void every_member_of_the_wrong_type_is_reported() {
            String json = "{\"@type\": 1, \"uid\": [], \"target\": {}, \"permission\": [null, 2, \"x\"]}";

            assertEquals(List.of("/@type", "/uid", "/target", "/permission/0", "/permission/1", "/permission/2"),
                    pointers(json));
        }
    }
}
