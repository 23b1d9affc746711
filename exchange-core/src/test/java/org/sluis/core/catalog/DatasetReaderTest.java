package org.sluis.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.template.Templates;
import org.sluis.policy.consent.ConsentMode;

class DatasetReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DatasetReader READER = new DatasetReader();
    private static final String PROVIDER = "st-olaf";
    private static final String DATASET_IRI = "urn:sluis:dataset:cohort-2024";
    private static final String OFFER_IRI = "urn:sluis:dataset:cohort-2024:offer:research";
    private static final String PROVIDER_IRI = "urn:sluis:participant:st-olaf";

    /** A valid parameters object for every template, as in the contracts module's template tests. */
    private static final Map<String, String> TEMPLATE_PARAMETERS = Map.of(
            "health-secondary-use", """
                    {"purposes": ["scientific-research", "public-health"], "retentionDays": 365,
                     "pseudonymisedFields": ["bsn", "patientId"]}""",
            "mobility-maas", """
                    {"purpose": "route-planning", "from": "2026-01-01", "until": "2026-07-01",
                     "requestsPerDay": 10000, "region": "NL-NH"}""",
            "corridor-industrial", """
                    {"recipient": "ai-lab", "purpose": "predictive-maintenance", "endDate": "2027-12-31"}""",
            "open-research", """
                    {"attributionText": "Data: St Olaf Hospital, CC BY 4.0"}""");

    private static final String RAW_OFFER = """
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
             "permission": [{"action": "use", "constraint": [{"leftOperand": "purpose", "operator": "eq",
                                                              "rightOperand": "research"}]}]}""";

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected well-formed test JSON, found " + text, e);
        }
    }

    /** A complete valid dataset with one open-research offer; tests change one thing in it. */
    private static ObjectNode body() {
        return (ObjectNode) json("""
                {"id": "cohort-2024", "title": "Cohort 2024", "description": "Admissions, anonymised.",
                 "domain": "health",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "bsn", "type": "string", "sensitivity": "identifier"},
                            {"name": "birthYear", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "diagnosis", "type": "string", "sensitivity": "sensitive"}],
                 "source": {"type": "http", "url": "https://data.st-olaf.example/cohort.ndjson", "format": "ndjson",
                            "headers": {"Authorization": "Bearer header-secret-1"}},
                 "consent": {"mode": "opt-in", "subjectField": "patientId"},
                 "offers": [{"id": "research", "template": "open-research",
                             "parameters": {"attributionText": "Data: St Olaf Hospital, CC BY 4.0"}}]}""");
    }

    private static ObjectNode withOffer(String offerJson) {
        ObjectNode body = body();
        body.putArray("offers").add(json(offerJson));
        return body;
    }

    private static ObjectNode withRawPolicy(String policyJson) {
        return withOffer("{\"id\": \"research\", \"policy\": " + policyJson + "}");
    }

    private static ObjectNode withSource(String sourceJson) {
        ObjectNode body = body();
        body.set("source", json(sourceJson));
        return body;
    }

    private static DatasetSpec valid(JsonNode body) {
        DatasetReader.Read read = READER.read(body, PROVIDER, Optional.empty());
        return assertInstanceOf(DatasetReader.Read.Valid.class, read, () -> "expected a valid dataset, found " + read)
                .spec();
    }

    private static List<Problem> problems(JsonNode body, Optional<String> pathId) {
        DatasetReader.Read read = READER.read(body, PROVIDER, pathId);
        return assertInstanceOf(DatasetReader.Read.Invalid.class, read, "expected the dataset to be refused")
                .problems();
    }

    private static List<String> pointers(JsonNode body) {
        return problems(body, Optional.empty()).stream().map(Problem::pointer).toList();
    }

    /** Asserts the body is refused with exactly one problem, at {@code pointer}, and returns its message. */
    private static String onlyProblemAt(String pointer, JsonNode body) {
        List<Problem> problems = problems(body, Optional.empty());
        assertEquals(List.of(pointer), problems.stream().map(Problem::pointer).toList(), () -> problems.toString());
        return problems.get(0).message();
    }

    private static String serialised(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class ValidDatasets {

        @ParameterizedTest
        @ValueSource(strings = {"health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"})
        void a_complete_dataset_offered_under_each_template_is_read(String template) {
            DatasetSpec spec = valid(withOffer("{\"id\": \"research\", \"template\": \"" + template
                    + "\", \"parameters\": " + TEMPLATE_PARAMETERS.get(template) + ", \"autoAccept\": true}"));

            OfferSpec offer = spec.offers().get(0);
            assertEquals(Optional.of(template), offer.template());
            assertEquals(Templates.find(template).orElseThrow().version(), offer.templateVersion().orElseThrow());
            assertEquals(json(TEMPLATE_PARAMETERS.get(template)), offer.parameters());
            assertTrue(offer.autoAccept());
            assertEquals(PolicyType.OFFER, offer.policy().type());
            assertEquals(OFFER_IRI, offer.policy().uid());
            assertEquals(Optional.of(PROVIDER_IRI), offer.policy().assigner());
            assertEquals(Optional.of(DATASET_IRI), offer.policy().target());
        }

        @Test
        void every_member_of_the_description_is_kept() {
            DatasetSpec spec = valid(body());

            assertEquals("cohort-2024", spec.id());
            assertEquals("Cohort 2024", spec.title());
            assertEquals("Admissions, anonymised.", spec.description());
            assertEquals("health", spec.domain());
            assertEquals(new FieldSpec("birthYear", "integer", Sensitivity.QUASI_IDENTIFIER), spec.fields().get(2));
            assertEquals(4, spec.fields().size());
            assertEquals(ConsentMode.OPT_IN, spec.consentMode());
            assertEquals(Optional.of("patientId"), spec.subjectField());
            DataSource.Http source = assertInstanceOf(DataSource.Http.class, spec.source());
            assertEquals(Map.of("Authorization", "Bearer header-secret-1"), source.headers());
        }

        @Test
        void a_raw_odrl_offer_gets_the_exchanges_uid_assigner_and_target() {
            DatasetSpec spec = valid(withRawPolicy(RAW_OFFER));

            OfferSpec offer = spec.offers().get(0);
            assertEquals(Optional.empty(), offer.template());
            assertEquals(Optional.empty(), offer.templateVersion());
            assertEquals(null, offer.parameters());
            assertEquals(OFFER_IRI, offer.policy().uid());
            assertEquals(Optional.of(PROVIDER_IRI), offer.policy().assigner());
            assertEquals(Optional.of(DATASET_IRI), offer.policy().target());
        }

        @Test
        void a_raw_offer_that_states_the_exchanges_names_itself_is_accepted() {
            valid(withRawPolicy("""
                    {"@type": "odrl:Offer", "@id": "%s", "odrl:assigner": {"@id": "%s"}, "target": ["%s"],
                     "permission": {"action": "use", "target": "%s"}}"""
                    .formatted(OFFER_IRI, PROVIDER_IRI, DATASET_IRI, DATASET_IRI)));
        }

        @Test
        void omitted_optional_members_take_their_defaults() {
            ObjectNode body = body();
            body.remove(List.of("description", "consent"));
            ((ObjectNode) body.get("offers").get(0)).remove("parameters");
            ((ObjectNode) body.get("offers").get(0)).put("template", "open-research");

            List<Problem> problems = problems(body, Optional.empty());

            // open-research requires attributionText: the default {} reached the template.
            assertEquals(List.of("/offers/0/parameters/attributionText"),
                    problems.stream().map(Problem::pointer).toList());
        }

        @Test
        void an_absent_description_consent_and_auto_accept_default_to_empty_none_and_false() {
            ObjectNode body = body();
            body.remove(List.of("description", "consent"));

            DatasetSpec spec = valid(body);

            assertEquals("", spec.description());
            assertEquals(ConsentMode.NONE, spec.consentMode());
            assertEquals(Optional.empty(), spec.subjectField());
            assertFalse(spec.offers().get(0).autoAccept());
        }

        @Test
        void a_template_version_equal_to_the_templates_is_accepted() {
            valid(withOffer("""
                    {"id": "research", "template": "open-research", "templateVersion": "1.0",
                     "parameters": {"attributionText": "Data: St Olaf"}}"""));
        }

        @Test
        void template_and_raw_offers_can_be_mixed() {
            ObjectNode body = body();
            ((ArrayNode) body.get("offers")).add(json("{\"id\": \"custom\", \"policy\": " + RAW_OFFER + "}"));

            DatasetSpec spec = valid(body);

            assertEquals(List.of("research", "custom"), spec.offers().stream().map(OfferSpec::id).toList());
            assertEquals("urn:sluis:dataset:cohort-2024:offer:custom", spec.offers().get(1).policy().uid());
        }

        @Test
        void the_request_body_is_not_changed_by_reading() {
            ObjectNode body = withRawPolicy(RAW_OFFER);
            ObjectNode before = body.deepCopy();

            valid(body);

            assertEquals(before, body);
        }
    }

    @Nested
    class TopLevel {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"dataset\"", "42", "null"})
        void a_body_that_is_not_an_object_is_refused_at_the_root(String text) {
            onlyProblemAt("", json(text));
        }

        @Test
        void an_unknown_member_is_a_problem_not_silently_dropped() {
            ObjectNode body = body();
            body.put("descripton", "typo");

            assertTrue(onlyProblemAt("/descripton", body).contains("unknown member 'descripton'"));
        }

        @Test
        void a_missing_id_is_reported_where_it_should_be() {
            ObjectNode body = body();
            body.remove("id");

            onlyProblemAt("/id", body);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "tab\there", "line\nbreak"})
        void a_blank_title_or_one_with_control_characters_is_refused(String title) {
            ObjectNode body = body();
            body.put("title", title);

            onlyProblemAt("/title", body);
        }

        @Test
        void a_title_may_have_200_characters_but_not_201() {
            ObjectNode body = body();
            body.put("title", "t".repeat(200));
            valid(body);

            body.put("title", "t".repeat(201));
            onlyProblemAt("/title", body);
        }

        @Test
        void a_description_over_4000_characters_is_refused() {
            ObjectNode body = body();
            body.put("description", "d".repeat(4000));
            valid(body);

            body.put("description", "d".repeat(4001));
            onlyProblemAt("/description", body);
        }

        @Test
        void a_description_may_have_line_breaks_but_no_nul() {
            ObjectNode body = body();
            body.put("description", "line one\nline two\ttabbed");
            valid(body);

            body.put("description", "a\u0000b");
            onlyProblemAt("/description", body);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Health", "h", "1health", "health care", "health_care"})
        void a_domain_that_is_not_a_lowercase_slug_is_refused(String domain) {
            ObjectNode body = body();
            body.put("domain", domain);

            onlyProblemAt("/domain", body);
        }

        @Test
        void a_number_where_a_string_belongs_is_reported_with_its_type() {
            ObjectNode body = body();
            body.put("title", 42);

            assertTrue(onlyProblemAt("/title", body).contains("found number 42"));
        }
    }

    @Nested
    class Ids {

        @ParameterizedTest
        @ValueSource(strings = {"'; DROP TABLE dataset; --", "../../etc/passwd", "C:\\x", "a\u0000b", "Cohort",
                "a", "-cohort", "cohort_2024", "urn:sluis:dataset:x"})
        void a_dataset_id_that_is_not_a_slug_is_refused_at_id(String id) {
            ObjectNode body = body();
            body.put("id", id);

            onlyProblemAt("/id", body);
        }

        @Test
        void a_put_without_an_id_in_the_body_takes_the_paths() {
            ObjectNode body = body();
            body.remove("id");

            DatasetReader.Read read = READER.read(body, PROVIDER, Optional.of("cohort-2024"));

            DatasetSpec spec = assertInstanceOf(DatasetReader.Read.Valid.class, read).spec();
            assertEquals("cohort-2024", spec.id());
            assertEquals(OFFER_IRI, spec.offers().get(0).policy().uid());
        }

        @Test
        void a_put_with_the_same_id_in_the_body_is_accepted() {
            assertInstanceOf(DatasetReader.Read.Valid.class, READER.read(body(), PROVIDER, Optional.of("cohort-2024")));
        }

        @Test
        void a_put_with_another_id_in_the_body_is_refused_at_id() {
            List<Problem> problems = problems(body(), Optional.of("cohort-2025"));

            assertEquals(List.of("/id"), problems.stream().map(Problem::pointer).toList());
            assertTrue(problems.get(0).message().contains("cohort-2025"), problems.get(0).message());
        }

        @Test
        void a_put_whose_path_id_is_not_a_slug_is_refused_at_id() {
            ObjectNode body = body();
            body.remove("id");

            List<Problem> problems = problems(body, Optional.of("../etc"));

            assertEquals(List.of("/id"), problems.stream().map(Problem::pointer).toList());
        }

        @Test
        void an_invalid_dataset_id_skips_building_offers_rather_than_throwing() {
            ObjectNode body = withRawPolicy(RAW_OFFER);
            body.put("id", "Not A Slug");

            assertEquals(List.of("/id"), pointers(body));
        }

        @Test
        void a_provider_id_that_is_not_a_participant_id_is_a_programming_error() {
            assertThrows(IllegalArgumentException.class, () -> READER.read(body(), "Not:A:Slug", Optional.empty()));
        }
    }

    @Nested
    class Fields {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "{}", "\"patientId\"", "null"})
        void fields_must_be_a_non_empty_array(String fields) {
            ObjectNode body = body();
            body.set("fields", json(fields));
            body.remove("consent");

            onlyProblemAt("/fields", body);
        }

        @Test
        void more_than_500_fields_are_refused() {
            ObjectNode body = body();
            body.remove("consent");
            ArrayNode fields = body.putArray("fields");
            for (int i = 0; i < 501; i++) {
                fields.addObject().put("name", "f" + i).put("type", "string").put("sensitivity", "public");
            }

            onlyProblemAt("/fields", body);
        }

        @Test
        void a_duplicate_name_is_reported_at_the_second_declaration() {
            ObjectNode body = body();
            ((ObjectNode) body.get("fields").get(2)).put("name", "bsn");

            assertTrue(onlyProblemAt("/fields/2/name", body).contains("/fields/1"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "1st", "first name", "a/b", "'; DROP TABLE dataset; --", "a\u0000b"})
        void a_field_name_outside_the_pattern_is_refused(String name) {
            ObjectNode body = body();
            ((ObjectNode) body.get("fields").get(3)).put("name", name);

            onlyProblemAt("/fields/3/name", body);
        }

        @Test
        void an_unknown_type_or_sensitivity_is_refused_at_its_member() {
            ObjectNode body = body();
            ((ObjectNode) body.get("fields").get(3)).put("type", "text").put("sensitivity", "secret");

            assertEquals(List.of("/fields/3/type", "/fields/3/sensitivity"), pointers(body));
        }

        @Test
        void every_field_type_and_sensitivity_is_accepted() {
            ObjectNode body = body();
            ArrayNode fields = body.putArray("fields");
            int i = 0;
            for (String type : FieldSpec.TYPES) {
                for (Sensitivity s : Sensitivity.values()) {
                    fields.addObject().put("name", "f" + i++).put("type", type).put("sensitivity", s.wire());
                }
            }
            fields.addObject().put("name", "patientId").put("type", "string").put("sensitivity", "identifier");

            assertEquals(FieldSpec.TYPES.size() * Sensitivity.values().length + 1, valid(body).fields().size());
        }

        @Test
        void an_unknown_member_or_a_missing_one_in_a_field_is_refused() {
            ObjectNode body = body();
            ((ObjectNode) body.get("fields").get(3)).put("unit", "kg").remove("sensitivity");

            assertEquals(List.of("/fields/3/unit", "/fields/3/sensitivity"), pointers(body));
        }

        @Test
        void a_field_that_is_not_an_object_is_refused_at_its_index() {
            ObjectNode body = body();
            ((ArrayNode) body.get("fields")).add("extra");

            onlyProblemAt("/fields/4", body);
        }
    }

    @Nested
    class Sources {

        @Test
        void a_file_source_is_read() {
            assertEquals(new DataSource.File("exports/cohort.csv", "csv"),
                    valid(withSource("{\"type\": \"file\", \"path\": \"exports/cohort.csv\", \"format\": \"csv\"}"))
                            .source());
        }

        @Test
        void a_jdbc_source_with_a_table_is_read() {
            DataSource source = valid(withSource("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db.st-olaf.example:5432/clinic", "user": "reader",
                     "password": "pw", "table": "public.admissions"}""")).source();

            assertEquals(new DataSource.Jdbc("jdbc:postgresql://db.st-olaf.example:5432/clinic", "reader", "pw",
                    Optional.of("public.admissions"), Optional.empty()), source);
        }

        @Test
        void a_jdbc_source_with_a_query_and_no_credentials_is_read() {
            DataSource.Jdbc source = assertInstanceOf(DataSource.Jdbc.class, valid(withSource("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/clinic",
                     "query": "SELECT * FROM admissions WHERE year = 2024"}""")).source());

            assertEquals(null, source.user());
            assertEquals(null, source.password());
            assertEquals(Optional.of("SELECT * FROM admissions WHERE year = 2024"), source.query());
        }

        @Test
        void a_fhir_source_is_read() {
            DataSource source = valid(withSource("""
                    {"type": "fhir", "url": "https://fhir.st-olaf.example/r4", "resourceType": "Observation",
                     "params": {"code": "http://loinc.org|8867-4"}, "headers": {"Authorization": "Bearer x"}}"""))
                    .source();

            assertEquals(new DataSource.Fhir(java.net.URI.create("https://fhir.st-olaf.example/r4"), "Observation",
                    Map.of("code", "http://loinc.org|8867-4"), Map.of("Authorization", "Bearer x")), source);
        }

        @Test
        void a_missing_source_is_refused_at_source() {
            ObjectNode body = body();
            body.remove("source");

            onlyProblemAt("/source", body);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"type\": \"ftp\"}", "{\"type\": 1}"})
        void a_source_without_a_known_type_is_refused_at_type(String source) {
            onlyProblemAt("/source/type", withSource(source));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://data.example/x", "/relative/path", "https://", "https:opaque",
                "http://exa mple/x", "file:///etc/passwd"})
        void an_http_url_that_is_not_absolute_http_with_a_host_is_refused(String url) {
            ObjectNode source = (ObjectNode) json("{\"type\": \"http\", \"format\": \"json\"}");
            source.put("url", url);

            onlyProblemAt("/source/url", withSource(source.toString()));
        }

        @Test
        void credentials_in_an_http_url_are_refused_without_being_repeated() {
            String message = onlyProblemAt("/source/url", withSource("""
                    {"type": "http", "url": "https://user:url-secret-9@data.example/x", "format": "json"}"""));

            assertFalse(message.contains("url-secret-9"), message);
        }

        @Test
        void an_unknown_http_format_is_refused() {
            onlyProblemAt("/source/format", withSource("""
                    {"type": "http", "url": "https://data.example/x", "format": "xml"}"""));
        }

        @Test
        void a_header_name_with_non_token_characters_is_refused_at_the_header() {
            onlyProblemAt("/source/headers/X Api Key", withSource("""
                    {"type": "http", "url": "https://data.example/x", "format": "csv",
                     "headers": {"X Api Key": "k"}}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"k\r\nX-Injected: 1", "k\n", "k\u0000"})
        void a_header_value_with_cr_lf_or_nul_is_refused_without_being_repeated(String value) {
            ObjectNode source = (ObjectNode) json("""
                    {"type": "http", "url": "https://data.example/x", "format": "csv"}""");
            source.putObject("headers").put("X-Api-Key", value);

            String message = onlyProblemAt("/source/headers/X-Api-Key", withSource(source.toString()));

            assertFalse(message.contains("k"), message);
        }

        @Test
        void a_header_name_with_a_slash_is_pointed_at_with_rfc_6901_escaping() {
            onlyProblemAt("/source/headers/a~1b~0c", withSource("""
                    {"type": "http", "url": "https://data.example/x", "format": "csv", "headers": {"a/b~c": "v"}}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"../../etc/passwd", "exports/../../secret.csv", "..", "/etc/passwd", "\\\\server\\share",
                "C:\\x", "c:relative", "a\u0000b", "..\\windows\\system.ini", ""})
        void a_file_path_that_could_leave_the_file_root_is_refused(String path) {
            ObjectNode source = (ObjectNode) json("{\"type\": \"file\", \"format\": \"ndjson\"}");
            source.put("path", path);

            onlyProblemAt("/source/path", withSource(source.toString()));
        }

        @Test
        void a_file_path_with_dots_inside_names_is_accepted() {
            valid(withSource("{\"type\": \"file\", \"path\": \"exports/v1..2/cohort.ndjson\", \"format\": \"ndjson\"}"));
        }

        @Test
        void json_is_not_a_file_format() {
            onlyProblemAt("/source/format", withSource("{\"type\": \"file\", \"path\": \"a.json\", \"format\": \"json\"}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"jdbc:mysql://db/clinic", "postgresql://db/clinic", "jdbc:postgresql://",
                "jdbc:postgresql://user:pw@db/clinic", "jdbc:postgresql://db/clinic x"})
        void a_jdbc_url_that_is_not_a_plain_postgresql_url_is_refused(String url) {
            ObjectNode source = (ObjectNode) json("{\"type\": \"jdbc\", \"table\": \"admissions\"}");
            source.put("url", url);

            onlyProblemAt("/source/url", withSource(source.toString()));
        }

        @Test
        void a_jdbc_source_needs_a_table_or_a_query() {
            onlyProblemAt("/source/table", withSource("{\"type\": \"jdbc\", \"url\": \"jdbc:postgresql://db/c\"}"));
        }

        @Test
        void a_jdbc_source_may_not_have_both_a_table_and_a_query() {
            onlyProblemAt("/source/query", withSource("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/c", "table": "t", "query": "SELECT 1"}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"'; DROP TABLE dataset; --", "admissions; DELETE FROM x", "a.b.c", "1table", "a-b",
                "\"quoted\""})
        void a_table_that_is_not_an_identifier_is_refused(String table) {
            ObjectNode source = (ObjectNode) json("{\"type\": \"jdbc\", \"url\": \"jdbc:postgresql://db/c\"}");
            source.put("table", table);

            onlyProblemAt("/source/table", withSource(source.toString()));
        }

        @Test
        void a_blank_or_over_long_query_is_refused() {
            onlyProblemAt("/source/query", withSource("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/c", "query": "  "}"""));
            ObjectNode source = (ObjectNode) json("{\"type\": \"jdbc\", \"url\": \"jdbc:postgresql://db/c\"}");
            source.put("query", "S".repeat(10_001));
            onlyProblemAt("/source/query", withSource(source.toString()));
        }

        @Test
        void a_password_that_is_not_a_string_is_refused_without_being_repeated() {
            String message = onlyProblemAt("/source/password", withSource("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/c", "table": "t", "password": 918273645}"""));

            assertFalse(message.contains("918273645"), message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"observation", "O", "Observation1", "Obs ervation"})
        void a_fhir_resource_type_outside_the_pattern_is_refused(String type) {
            ObjectNode source = (ObjectNode) json("{\"type\": \"fhir\", \"url\": \"https://fhir.example/r4\"}");
            source.put("resourceType", type);

            onlyProblemAt("/source/resourceType", withSource(source.toString()));
        }

        @Test
        void a_fhir_parameter_that_is_not_a_string_is_refused_at_its_name() {
            onlyProblemAt("/source/params/count", withSource("""
                    {"type": "fhir", "url": "https://fhir.example/r4", "resourceType": "Patient",
                     "params": {"count": 10}}"""));
        }

        @Test
        void a_member_of_another_source_type_is_unknown() {
            assertEquals(List.of("/source/headers", "/source/table"), pointers(withSource("""
                    {"type": "file", "path": "a.csv", "format": "csv", "headers": {}, "table": "t"}""")));
        }
    }

    @Nested
    class Consent {

        @Test
        void an_unknown_mode_is_refused_at_mode() {
            ObjectNode body = body();
            body.putObject("consent").put("mode", "implied").put("subjectField", "patientId");

            onlyProblemAt("/consent/mode", body);
        }

        @ParameterizedTest
        @ValueSource(strings = {"opt-in", "opt-out"})
        void a_mode_other_than_none_needs_a_subject_field(String mode) {
            ObjectNode body = body();
            body.putObject("consent").put("mode", mode);

            onlyProblemAt("/consent/subjectField", body);
        }

        @Test
        void the_subject_field_must_be_a_declared_field() {
            ObjectNode body = body();
            body.putObject("consent").put("mode", "opt-out").put("subjectField", "patient_id");

            assertTrue(onlyProblemAt("/consent/subjectField", body).contains("patientId"));
        }

        @Test
        void mode_none_needs_no_subject_field() {
            ObjectNode body = body();
            body.putObject("consent").put("mode", "none");

            assertEquals(ConsentMode.NONE, valid(body).consentMode());
        }

        @Test
        void an_unknown_consent_member_is_refused() {
            ObjectNode body = body();
            ((ObjectNode) body.get("consent")).put("purposes", "all");

            onlyProblemAt("/consent/purposes", body);
        }
    }

    @Nested
    class Offers {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "{}", "null"})
        void offers_must_be_a_non_empty_array(String offers) {
            ObjectNode body = body();
            body.set("offers", json(offers));

            onlyProblemAt("/offers", body);
        }

        @Test
        void more_than_20_offers_are_refused() {
            ObjectNode body = body();
            ArrayNode offers = body.putArray("offers");
            for (int i = 0; i < 21; i++) {
                offers.add(json("{\"id\": \"o" + i + "\", \"policy\": " + RAW_OFFER + "}"));
            }

            onlyProblemAt("/offers", body);
        }

        @Test
        void a_duplicate_offer_id_is_reported_at_the_second_offer() {
            ObjectNode body = body();
            ((ArrayNode) body.get("offers")).add(json("{\"id\": \"research\", \"policy\": " + RAW_OFFER + "}"));

            assertTrue(onlyProblemAt("/offers/1/id", body).contains("/offers/0"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"'; DROP TABLE dataset; --", "../../etc/passwd", "a\u0000b", "x:offer:y", "R"})
        void an_offer_id_that_is_not_a_slug_is_refused_at_its_id(String id) {
            ObjectNode offer = (ObjectNode) json("{\"policy\": " + RAW_OFFER + "}");
            offer.put("id", id);

            onlyProblemAt("/offers/0/id", withOffer(offer.toString()));
        }

        @Test
        void an_offer_needs_a_template_or_a_policy() {
            onlyProblemAt("/offers/0/template", withOffer("{\"id\": \"research\"}"));
        }

        @Test
        void an_offer_may_not_have_both_a_template_and_a_policy() {
            onlyProblemAt("/offers/0/policy", withOffer("{\"id\": \"research\", \"template\": \"open-research\","
                    + " \"parameters\": {\"attributionText\": \"x\"}, \"policy\": " + RAW_OFFER + "}"));
        }

        @Test
        void an_unknown_template_is_refused_naming_the_known_ones() {
            String message = onlyProblemAt("/offers/0/template",
                    withOffer("{\"id\": \"research\", \"template\": \"open-science\"}"));

            Templates.all().forEach(t -> assertTrue(message.contains(t.id()), message));
        }

        @Test
        void another_template_version_is_refused_at_template_version() {
            assertTrue(onlyProblemAt("/offers/0/templateVersion", withOffer("""
                    {"id": "research", "template": "open-research", "templateVersion": "2.0",
                     "parameters": {"attributionText": "x"}}""")).contains("1.0"));
        }

        @Test
        void template_parameter_problems_are_re_rooted_under_the_offer() {
            ObjectNode body = body();
            ((ArrayNode) body.get("offers")).add(json("""
                    {"id": "health", "template": "health-secondary-use",
                     "parameters": {"purposes": ["scientific-research", "marketing"], "retentionDays": "a year",
                                    "pseudonymisedFields": ["bsn"], "colour": "red"}}"""));

            assertEquals(List.of("/offers/1/parameters/colour", "/offers/1/parameters/purposes/1",
                    "/offers/1/parameters/retentionDays"), pointers(body));
        }

        @Test
        void parameters_that_are_not_an_object_are_refused_at_parameters() {
            onlyProblemAt("/offers/0/parameters",
                    withOffer("{\"id\": \"research\", \"template\": \"open-research\", \"parameters\": []}"));
        }

        @Test
        void auto_accept_must_be_a_boolean() {
            onlyProblemAt("/offers/0/autoAccept", withOffer("""
                    {"id": "research", "template": "open-research", "parameters": {"attributionText": "x"},
                     "autoAccept": "yes"}"""));
        }

        @Test
        void an_unknown_offer_member_is_refused() {
            onlyProblemAt("/offers/0/autoaccept", withOffer("""
                    {"id": "research", "template": "open-research", "parameters": {"attributionText": "x"},
                     "autoaccept": true}"""));
        }

        @Test
        void template_members_are_refused_on_a_raw_offer() {
            assertEquals(List.of("/offers/0/templateVersion", "/offers/0/parameters"), pointers(withOffer(
                    "{\"id\": \"research\", \"templateVersion\": \"1.0\", \"parameters\": {}, \"policy\": "
                            + RAW_OFFER + "}")));
        }
    }

    @Nested
    class ParticipantParameters {

        private OfferSpec corridor(String recipient) {
            return valid(withOffer("""
                    {"id": "research", "template": "corridor-industrial",
                     "parameters": {"recipient": "%s", "purpose": "ai-training", "endDate": "2027-12-31"}}"""
                    .formatted(recipient))).offers().get(0);
        }

        private static String recipientIn(Policy policy) {
            return policy.permissions().get(0).constraints().stream()
                    .map(Constraint.Atomic.class::cast)
                    .filter(c -> c.leftOperand().endsWith("recipient"))
                    .map(c -> ((RightOperand.Iri) c.rightOperand()).value())
                    .findFirst().orElseThrow();
        }

        @Test
        void a_participant_id_is_expanded_to_its_iri_in_the_odrl() {
            assertEquals("urn:sluis:participant:ai-lab", recipientIn(corridor("ai-lab").policy()));
        }

        @Test
        void the_stated_parameters_keep_the_participant_id_as_the_steward_wrote_it() {
            assertEquals("ai-lab", corridor("ai-lab").parameters().get("recipient").asText());
        }

        @Test
        void a_participant_given_as_an_iri_is_kept() {
            assertEquals("urn:sluis:participant:ai-lab",
                    recipientIn(corridor("urn:sluis:participant:ai-lab").policy()));
        }

        @Test
        void a_participant_that_is_neither_an_id_nor_an_iri_is_refused_at_the_parameter() {
            onlyProblemAt("/offers/0/parameters/recipient", withOffer("""
                    {"id": "research", "template": "corridor-industrial",
                     "parameters": {"recipient": "AI Lab", "purpose": "ai-training", "endDate": "2027-12-31"}}"""));
        }
    }

    @Nested
    class RawPolicies {

        @Test
        void another_uid_is_refused_saying_what_was_expected() {
            String message = onlyProblemAt("/offers/0/policy/uid",
                    withRawPolicy(RAW_OFFER.replace("\"@type\"", "\"uid\": \"https://evil.example/offer\", \"@type\"")));

            assertTrue(message.contains(OFFER_IRI), message);
        }

        @Test
        void another_uid_given_as_at_id_is_refused_there() {
            onlyProblemAt("/offers/0/policy/@id",
                    withRawPolicy(RAW_OFFER.replace("\"@type\"", "\"@id\": \"urn:x:other\", \"@type\"")));
        }

        @Test
        void another_assigner_is_refused() {
            assertTrue(onlyProblemAt("/offers/0/policy/assigner", withRawPolicy(RAW_OFFER.replace("\"@type\"",
                    "\"assigner\": {\"@id\": \"urn:sluis:participant:other\"}, \"@type\""))).contains(PROVIDER_IRI));
        }

        @Test
        void another_policy_target_is_refused_in_any_spelling() {
            onlyProblemAt("/offers/0/policy/odrl:target", withRawPolicy(RAW_OFFER.replace("\"@type\"",
                    "\"odrl:target\": \"urn:sluis:dataset:other\", \"@type\"")));
            onlyProblemAt("/offers/0/policy/http:~1~1www.w3.org~1ns~1odrl~12~1target", withRawPolicy(
                    RAW_OFFER.replace("\"@type\"", "\"http://www.w3.org/ns/odrl/2/target\": [\"urn:x:y\"], \"@type\"")));
        }

        @Test
        void a_rule_target_other_than_the_dataset_is_refused_at_the_rule() {
            onlyProblemAt("/offers/0/policy/permission/0/target", withRawPolicy(RAW_OFFER.replace("\"action\"",
                    "\"target\": \"urn:sluis:dataset:other\", \"action\"")));
        }

        @Test
        void a_nested_duty_target_other_than_the_dataset_is_refused_at_the_duty() {
            onlyProblemAt("/offers/0/policy/permission/0/duty/0/target", withRawPolicy("""
                    {"@type": "Offer", "permission": [{"action": "use",
                      "duty": [{"action": "delete", "target": "urn:sluis:dataset:other"}]}]}"""));
        }

        @Test
        void an_obligation_target_in_a_list_is_refused_at_its_pointer() {
            onlyProblemAt("/offers/0/policy/obligation/@list/1/target", withRawPolicy("""
                    {"@type": "Offer", "permission": {"action": "use"},
                     "obligation": {"@list": [{"action": "inform"}, {"action": "delete", "target": "urn:x:y"}]}}"""));
        }

        @Test
        void a_rule_assigner_other_than_the_provider_is_refused() {
            onlyProblemAt("/offers/0/policy/prohibition/0/assigner", withRawPolicy("""
                    {"@type": "Offer", "permission": [{"action": "use"}],
                     "prohibition": [{"action": "distribute", "assigner": "urn:sluis:participant:other"}]}"""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Set", "Agreement", "odrl:Set"})
        void a_policy_that_is_not_an_offer_is_refused_at_its_type(String type) {
            List<String> pointers = pointers(withRawPolicy(RAW_OFFER.replace("\"Offer\"", "\"" + type + "\"")));

            assertTrue(pointers.contains("/offers/0/policy/@type"), pointers.toString());
        }

        @Test
        void codec_problems_are_re_rooted_under_the_policy() {
            assertEquals(List.of("/offers/0/policy/colour", "/offers/0/policy/permission/0/action"), pointers(
                    withRawPolicy("{\"@type\": \"Offer\", \"colour\": \"red\", \"permission\": [{}]}")));
        }

        @Test
        void a_binding_problem_at_a_value_the_codec_refused_is_not_repeated() {
            List<Problem> problems = problems(withRawPolicy(RAW_OFFER.replace("\"@type\"",
                    "\"uid\": \"not an iri\", \"@type\"")), Optional.empty());

            assertEquals(List.of("/offers/0/policy/uid"), problems.stream().map(Problem::pointer).toList());
        }

        @Test
        void a_policy_that_is_not_an_object_is_refused_at_policy() {
            onlyProblemAt("/offers/0/policy", withRawPolicy("\"use it\""));
        }

        @Test
        void the_stored_offer_reads_back_from_its_public_odrl() {
            Policy policy = valid(withRawPolicy(RAW_OFFER)).offers().get(0).policy();
            OdrlCodec codec = new OdrlCodec();

            assertEquals(policy, assertInstanceOf(PolicyRead.Valid.class, codec.read(codec.toJson(policy))).policy());
        }
    }

    @Nested
    class SeveralProblems {

        @Test
        void every_problem_is_reported_in_one_answer_in_document_order() {
            ObjectNode body = body();
            body.put("id", "'; DROP TABLE dataset; --").put("title", "").put("colour", "red");
            ((ObjectNode) body.get("fields").get(1)).put("type", "text");
            ((ObjectNode) body.get("source")).put("url", "ftp://x");
            ((ObjectNode) body.get("consent")).put("subjectField", "nobody");
            ((ArrayNode) body.get("offers")).add(json("{\"id\": \"other\", \"template\": \"nope\"}"));

            assertEquals(List.of("/colour", "/id", "/title", "/fields/1/type", "/source/url",
                    "/consent/subjectField", "/offers/1/template"), pointers(body));
        }

        @Test
        void problems_in_several_offers_are_all_reported() {
            ObjectNode body = body();
            ArrayNode offers = body.putArray("offers");
            offers.add(json("{\"id\": \"a1\", \"template\": \"open-research\", \"parameters\": {}}"));
            offers.add(json("{\"id\": \"a2\", \"policy\": {\"@type\": \"Set\", \"permission\": [{\"action\": \"use\"}]}}"));
            offers.add(json("{\"id\": \"a3\", \"template\": \"open-research\", \"parameters\": {\"attributionText\": \"x\"}}"));

            assertEquals(List.of("/offers/0/parameters/attributionText", "/offers/1/policy/@type"), pointers(body));
        }
    }

    @Nested
    class Secrets {

        private DatasetSpec withSecrets(String sourceJson) {
            return valid(withSource(sourceJson));
        }

        private void assertNoneOf(String text, String... secrets) {
            for (String secret : secrets) {
                assertFalse(text.contains(secret), () -> "expected no '" + secret + "' in " + text);
            }
        }

        @Test
        void http_header_values_and_url_query_values_never_appear_in_public_json() {
            DatasetSpec spec = withSecrets("""
                    {"type": "http", "url": "https://api.example/v1/data?apikey=query-secret-2&flagsecret3",
                     "format": "json", "headers": {"Authorization": "Bearer header-secret-1", "X-Tenant": "t-secret-4"}}""");

            String shown = serialised(spec.publicJson(PROVIDER));

            assertNoneOf(shown, "header-secret-1", "query-secret-2", "flagsecret3", "t-secret-4");
            JsonNode source = spec.publicJson(PROVIDER).get("source");
            assertEquals("(secret)", source.get("headers").get("Authorization").asText(), "the header name stays");
            assertEquals("https://api.example/v1/data?apikey=(secret)&(secret)", source.get("url").asText());
        }

        @Test
        void a_jdbc_password_and_the_url_query_never_appear_in_public_json() {
            DatasetSpec spec = withSecrets("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/clinic?password=url-secret-5&ssl=true",
                     "user": "reader", "password": "member-secret-6", "table": "admissions"}""");

            JsonNode source = spec.publicJson(PROVIDER).get("source");

            assertNoneOf(serialised(spec.publicJson(PROVIDER)), "url-secret-5", "member-secret-6");
            assertEquals("jdbc:postgresql://db/clinic", source.get("url").asText());
            assertEquals("(secret)", source.get("password").asText(), "that a password is set is shown");
            assertEquals("reader", source.get("user").asText());
        }

        @Test
        void a_jdbc_source_without_a_password_shows_no_password_member() {
            DatasetSpec spec = withSecrets("{\"type\": \"jdbc\", \"url\": \"jdbc:postgresql://db/c\", \"table\": \"t\"}");

            assertFalse(spec.publicJson(PROVIDER).get("source").has("password"));
        }

        @Test
        void fhir_header_values_never_appear_in_public_json() {
            DatasetSpec spec = withSecrets("""
                    {"type": "fhir", "url": "https://fhir.example/r4?_key=fhir-query-secret-8",
                     "resourceType": "Observation", "params": {"code": "8867-4"},
                     "headers": {"Authorization": "Bearer fhir-secret-7"}}""");

            String shown = serialised(spec.publicJson(PROVIDER));

            assertNoneOf(shown, "fhir-secret-7", "fhir-query-secret-8");
            assertTrue(shown.contains("\"code\":\"8867-4\""), "search parameters are not secret: " + shown);
        }

        @Test
        void to_string_of_a_source_is_its_public_form() {
            assertNoneOf(withSecrets("""
                    {"type": "jdbc", "url": "jdbc:postgresql://db/c?password=url-secret-5",
                     "password": "member-secret-6", "query": "SELECT 1"}""").source().toString(),
                    "url-secret-5", "member-secret-6");
            assertNoneOf(valid(body()).toString(), "header-secret-1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"""
                {"type": "http", "url": "https://h.example/x?k=v", "format": "csv", "headers": {"A": "s"}}""", """
                {"type": "jdbc", "url": "jdbc:postgresql://h/c?password=p", "user": "u", "password": "p",
                 "table": "t"}""", """
                {"type": "fhir", "url": "https://h.example/r4", "resourceType": "Patient", "params": {"a": "b"},
                 "headers": {"A": "s"}}""", """
                {"type": "file", "path": "a/b.csv", "format": "csv"}"""})
        void the_stored_form_keeps_everything_and_reads_back_equal(String sourceJson) {
            JsonNode given = json(sourceJson);
            DataSource source = valid(withSource(given.toString())).source();

            assertEquals(given, source.toJson());
            assertEquals(source, DatasetReader.source(source.toJson()));
        }

        @Test
        void a_stored_source_that_is_invalid_is_an_exception() {
            assertThrows(IllegalArgumentException.class, () -> DatasetReader.source(json("{\"type\": \"ftp\"}")));
        }
    }

    @Nested
    class PublicJson {

        @Test
        void the_public_description_has_the_documented_members() {
            ObjectNode body = withOffer("""
                    {"id": "research", "template": "open-research", "parameters": {"attributionText": "x"},
                     "autoAccept": true}""");
            ((ArrayNode) body.get("offers")).add(json("{\"id\": \"custom\", \"policy\": " + RAW_OFFER + "}"));

            ObjectNode shown = valid(body).publicJson(PROVIDER);

            assertEquals(List.of("id", "provider", "title", "description", "domain", "fields", "source", "consent",
                    "offers"), fieldNames(shown));
            assertEquals(PROVIDER, shown.get("provider").asText());
            assertEquals(json("{\"name\": \"bsn\", \"type\": \"string\", \"sensitivity\": \"identifier\"}"),
                    shown.get("fields").get(1));
            assertEquals(json("{\"mode\": \"opt-in\", \"subjectField\": \"patientId\"}"), shown.get("consent"));
            JsonNode template = shown.get("offers").get(0);
            assertEquals(List.of("id", "template", "templateVersion", "parameters", "autoAccept", "policy"),
                    fieldNames(template));
            assertEquals("Offer", template.get("policy").get("@type").asText());
            assertEquals(OFFER_IRI, template.get("policy").get("uid").asText());
            assertEquals(List.of("id", "autoAccept", "policy"), fieldNames(shown.get("offers").get(1)));
        }

        @Test
        void consent_none_has_no_subject_field() {
            ObjectNode body = body();
            body.remove("consent");

            assertEquals(json("{\"mode\": \"none\"}"), valid(body).publicJson(PROVIDER).get("consent"));
        }

        private static List<String> fieldNames(JsonNode node) {
            List<String> names = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    @Nested
    class IrisAndRecords {

        @Test
        void the_iris_follow_the_documented_forms() {
            assertEquals("urn:sluis:participant:ai-lab", Iris.participant("ai-lab"));
            assertEquals("urn:sluis:dataset:cohort-2024", Iris.dataset("cohort-2024"));
            assertEquals(OFFER_IRI, Iris.offer("cohort-2024", "research"));
            assertEquals("urn:sluis:agreement:4f1c2a9e-0b7d-4c1e-9a65-3c2d1e0f9b8a",
                    Iris.agreement("4f1c2a9e-0b7d-4c1e-9a65-3c2d1e0f9b8a"));
        }

        @Test
        void participant_id_is_the_inverse_of_participant() {
            assertEquals(Optional.of("ai-lab"), Iris.participantId(Iris.participant("ai-lab")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"urn:sluis:dataset:ai-lab", "urn:sluis:participant:", "urn:sluis:participant:AI",
                "urn:sluis:participant:a:b", "https://sluis.example/party/ai-lab", "ai-lab", ""})
        void participant_id_is_empty_for_anything_else(String iri) {
            assertEquals(Optional.empty(), Iris.participantId(iri));
        }

        @Test
        void iris_are_not_built_from_ids_that_could_collide_or_inject() {
            assertThrows(IllegalArgumentException.class, () -> Iris.dataset("a:offer:b"));
            assertThrows(IllegalArgumentException.class, () -> Iris.participant("../x"));
            assertThrows(IllegalArgumentException.class, () -> Iris.offer("cohort", "a b"));
            assertThrows(IllegalArgumentException.class, () -> Iris.agreement("x:y"));
            assertThrows(IllegalArgumentException.class, () -> Iris.agreement(""));
        }

        @Test
        void sensitivities_and_consent_modes_read_their_wire_names() {
            for (Sensitivity s : Sensitivity.values()) {
                assertEquals(Optional.of(s), Sensitivity.fromWire(s.wire()));
            }
            for (ConsentMode m : ConsentMode.values()) {
                assertEquals(Optional.of(m), ConsentMode.fromWire(m.wire()));
            }
            assertEquals(Optional.of(Sensitivity.QUASI_IDENTIFIER), Sensitivity.fromWire("quasi-identifier"));
            assertEquals(Optional.of(ConsentMode.OPT_OUT), ConsentMode.fromWire("opt-out"));
            assertEquals(Optional.empty(), Sensitivity.fromWire("QUASI_IDENTIFIER"));
            assertEquals(Optional.empty(), ConsentMode.fromWire(null));
        }

        @Test
        void the_records_refuse_what_the_reader_refuses() {
            assertThrows(IllegalArgumentException.class, () -> new FieldSpec("a b", "string", Sensitivity.PUBLIC));
            assertThrows(IllegalArgumentException.class, () -> new DataSource.File("../x", "csv"));
            assertThrows(IllegalArgumentException.class, () -> new DataSource.Jdbc("jdbc:postgresql://db/c", null, null,
                    Optional.of("t"), Optional.of("SELECT 1")));
            assertThrows(IllegalArgumentException.class, () -> new DataSource.Http(java.net.URI.create("https://h/x"),
                    "csv", Map.of("A", "v\r\nB: 1")));
            DatasetSpec spec = valid(body());
            assertThrows(IllegalArgumentException.class, () -> new DatasetSpec(spec.id(), spec.title(),
                    spec.description(), spec.domain(), spec.fields(), spec.source(), ConsentMode.OPT_IN,
                    Optional.of("nobody"), spec.offers()));
            OfferSpec offer = spec.offers().get(0);
            assertThrows(IllegalArgumentException.class, () -> new OfferSpec(offer.id(), offer.template(),
                    Optional.empty(), offer.parameters(), offer.policy(), false));
        }
    }
}
