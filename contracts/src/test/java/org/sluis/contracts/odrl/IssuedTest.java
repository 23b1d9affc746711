package org.sluis.contracts.odrl;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.odrl.Fixtures.CODEC;
import static org.sluis.contracts.odrl.Fixtures.problems;
import static org.sluis.contracts.odrl.Fixtures.resource;
import static org.sluis.contracts.odrl.Fixtures.valid;

/** {@code dct:issued} on a policy: the forms read, the one form written, and every bad value's pointer. */
class IssuedTest {

    private static final String EXPANDED = "http://purl.org/dc/terms/issued";
    private static final Instant MOMENT = Instant.parse("2026-11-23T10:15:30Z");

    /** A valid Agreement with one {@code "name": value} member spliced in after the uid. */
    private static String agreement(String member) {
        return """
                {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Agreement", "uid": "urn:agreement:1",
                 %s
                 "assigner": "urn:party:provider", "assignee": "urn:party:consumer", "target": "urn:asset:1",
                 "permission": [{"action": "use"}]}
                """.formatted(member.isEmpty() ? "" : member + ",");
    }

    @Nested
    class Read {

        @ParameterizedTest
        @ValueSource(strings = {
                "\"dct:issued\": \"2026-11-23T10:15:30Z\"",
                "\"dct:issued\": \"2026-11-23T11:15:30+01:00\"",
                "\"dct:issued\": \"2026-11-23t10:15:30z\"",
                "\"dct:issued\": [\"2026-11-23T10:15:30Z\"]",
                "\"dct:issued\": {\"@value\": \"2026-11-23T10:15:30Z\", \"@type\": \"xsd:dateTime\"}",
                "\"dct:issued\": {\"@value\": \"2026-11-23T10:15:30Z\","
                        + " \"@type\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}",
                "\"" + EXPANDED + "\": \"2026-11-23T10:15:30Z\"",
                "\"" + EXPANDED + "\": {\"@value\": \"2026-11-23T10:15:30Z\", \"@type\": \"xsd:dateTime\"}"})
        void compact_expanded_and_typed_forms_read_to_the_same_instant(String member) {
            assertEquals(Optional.of(MOMENT), valid(agreement(member)).issued());
        }

        @Test
        void the_expanded_form_reads_to_the_same_model_as_the_compact_form() {
            assertEquals(valid(agreement("\"dct:issued\": \"2026-11-23T10:15:30Z\"")),
                    valid(agreement("\"" + EXPANDED + "\": {\"@value\": \"2026-11-23T10:15:30Z\","
                            + " \"@type\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}")));
        }

        @Test
        void fractions_of_a_second_are_kept() {
            assertEquals(Optional.of(Instant.parse("2026-11-23T10:15:30.123456789Z")),
                    valid(agreement("\"dct:issued\": \"2026-11-23T10:15:30.123456789Z\"")).issued());
        }

        @Test
        void a_policy_without_dct_issued_has_none() {
            assertEquals(Optional.empty(), valid(agreement("")).issued());
        }
    }

    @Nested
    class Write {

        @Test
        void issued_is_written_in_utc_right_after_the_profile() {
            Policy policy = valid(resource("roundtrip/agreement-issued.json"));

            String json = CODEC.write(policy);

            assertTrue(json.contains("\"profile\":\"https://sluis.example/odrl/profile/v1\","
                    + "\"dct:issued\":\"2026-11-23T10:15:30.125Z\",\"assigner\""), "found " + json);
        }

        @Test
        void an_offset_given_when_reading_is_written_as_z() {
            Policy policy = valid(agreement("\"dct:issued\": \"2026-11-23T11:15:30+01:00\""));

            assertEquals("2026-11-23T10:15:30Z", CODEC.toJson(policy).get("dct:issued").asText());
        }

        @Test
        void a_policy_without_issued_has_no_dct_issued_member() {
            assertTrue(CODEC.toJson(valid(agreement(""))).path("dct:issued").isMissingNode());
        }

        @Test
        void a_model_with_issued_is_read_back_equal() {
            Policy policy = valid(agreement("\"dct:issued\": \"2026-11-23T10:15:30.5Z\""));

            assertEquals(policy, valid(CODEC.write(policy)));
        }
    }

    @Nested
    class Reject {

        static Stream<Arguments> badValues() {
            return Stream.of(
                    Arguments.of("\"dct:issued\": \"2026-11-23\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"2026-11-23T10:15:30\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"2026-11-23T10:15Z\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"2026-11-23T10:15:30+01:00:30\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"2026-13-23T10:15:30Z\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"2026-11-23T24:15:30Z\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \" 2026-11-23T10:15:30Z\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": \"yesterday\"", "/dct:issued"),
                    Arguments.of("\"dct:issued\": 1795429530", "/dct:issued"),
                    Arguments.of("\"dct:issued\": null", "/dct:issued"),
                    Arguments.of("\"dct:issued\": true", "/dct:issued"),
                    Arguments.of("\"dct:issued\": [\"2026-11-23T10:15:30Z\", \"2026-11-24T10:15:30Z\"]",
                            "/dct:issued"),
                    Arguments.of("\"dct:issued\": [7]", "/dct:issued/0"),
                    Arguments.of("\"" + EXPANDED + "\": \"2026-11-23\"", "/http:~1~1purl.org~1dc~1terms~1issued"),
                    Arguments.of("\"dct:issued\": {\"@value\": \"yesterday\", \"@type\": \"xsd:dateTime\"}",
                            "/dct:issued/@value"),
                    Arguments.of("\"dct:issued\": {\"@value\": 1795429530, \"@type\": \"xsd:dateTime\"}",
                            "/dct:issued/@value"),
                    Arguments.of("\"dct:issued\": {\"@value\": \"2026-11-23T10:15:30Z\", \"@type\": \"xsd:date\"}",
                            "/dct:issued/@type"),
                    Arguments.of("\"dct:issued\": {\"@value\": \"2026-11-23T10:15:30Z\"}", "/dct:issued/@type"),
                    Arguments.of("\"dct:issued\": {\"@type\": \"xsd:dateTime\"}", "/dct:issued/@value"),
                    Arguments.of("\"dct:issued\": {\"@value\": \"2026-11-23T10:15:30Z\", \"@type\": \"xsd:dateTime\","
                            + " \"@language\": \"en\"}", "/dct:issued/@language"),
                    Arguments.of("\"dct:issued\": \"2026-11-23T10:15:30Z\", \"" + EXPANDED
                            + "\": \"2026-11-23T10:15:30Z\"", "/http:~1~1purl.org~1dc~1terms~1issued"),
                    Arguments.of("\"dct:modified\": \"2026-11-23T10:15:30Z\"", "/dct:modified"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badValues")
        void each_bad_value_is_one_problem_at_its_pointer(String member, String pointer) {
            List<Problem> problems = problems(agreement(member));

            assertEquals(List.of(pointer), problems.stream().map(Problem::pointer).toList(), problems.toString());
        }

        @Test
        void the_message_names_the_expected_form_and_the_value_found() {
            assertEquals(List.of(new Problem("/dct:issued",
                            "expected an RFC 3339 date-time such as 2026-11-23T10:15:30Z, found string '2026-11-23'")),
                    problems(agreement("\"dct:issued\": \"2026-11-23\"")));
        }

        @Test
        void both_spellings_at_once_are_one_member_given_twice() {
            List<Problem> problems = problems(agreement("\"dct:issued\": \"2026-11-23T10:15:30Z\", \""
                    + EXPANDED + "\": \"2026-11-23T10:15:30Z\""));

            assertTrue(problems.get(0).message().contains("expected member 'dct:issued' once"), problems.toString());
        }
    }
}
