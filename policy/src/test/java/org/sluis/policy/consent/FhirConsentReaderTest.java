package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.policy.consent.FhirConsentReader.Issue;
import org.sluis.policy.consent.FhirConsentReader.Result;
import org.sluis.policy.consent.FhirConsentReader.Statement;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FhirConsentReaderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FhirConsentReader READER = new FhirConsentReader("health");
    static final String UMC_LAB = "urn:sluis:participant:umc-research-lab";

    static JsonNode fixture(String name) {
        try (InputStream in = FhirConsentReaderTest.class.getResourceAsStream("/fhir/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The research opt-out fixture, to be changed by one element per test. */
    static ObjectNode researchOptOut() {
        return (ObjectNode) fixture("research-opt-out.json");
    }

    static ObjectNode provision(ObjectNode consent) {
        return (ObjectNode) consent.get("provision");
    }

    static ObjectNode nested(ObjectNode consent) {
        return (ObjectNode) consent.get("provision").get("provision").get(0);
    }

    static List<String> pointers(Result r) {
        return r.issues().stream().map(Issue::pointer).sorted().toList();
    }

    /** The one issue a document has; fails if it has none or several. */
    static Issue onlyIssue(JsonNode document) {
        Result r = READER.read(document);
        assertEquals(1, r.issues().size(), () -> "issues: " + r.issues());
        return r.issues().get(0);
    }

    static Statement statement(String subject, Optional<String> dataset, Optional<String> category, List<String> purposes,
                               List<String> recipients, String from, String until, boolean permit, String source) {
        return new Statement(subject, dataset, category, purposes, recipients, Optional.ofNullable(from).map(Instant::parse),
                Optional.ofNullable(until).map(Instant::parse), permit, source);
    }

    @Nested
    class A_research_opt_out_with_an_exception {
        @Test
        void gives_the_denial_and_the_more_specific_permission_for_the_named_lab() {
            Result r = READER.read(fixture("research-opt-out.json"));
            assertEquals(List.of(
                    statement("pseudo-4711", Optional.empty(), Optional.of("health"), List.of("scientific-research"), List.of(),
                            "2026-01-01T00:00:00Z", "2031-01-01T00:00:00Z", false, "fhir:Consent/c-4711-research"),
                    statement("pseudo-4711", Optional.empty(), Optional.of("health"), List.of("scientific-research"), List.of(UMC_LAB),
                            "2026-01-01T00:00:00Z", "2031-01-01T00:00:00Z", true, "fhir:Consent/c-4711-research")),
                    r.statements());
        }

        @Test
        void has_no_issues() {
            assertTrue(READER.read(fixture("research-opt-out.json")).ok());
        }

        @Test
        void once_indexed_lets_the_lab_in_and_keeps_another_researcher_out() {
            KeyedHash key = new KeyedHash(KeyedHashTest.KEY);
            List<Consent> consents = READER.read(fixture("research-opt-out.json")).statements().stream()
                    .map(s -> new Consent(key.hash(s.subject()), s.datasetId(), s.category(), java.util.Set.copyOf(s.purposes()),
                            java.util.Set.copyOf(s.recipients()), s.validFrom(), s.validUntil(), s.permit())).toList();
            ConsentIndex index = ConsentIndex.of(consents);
            Instant during = Instant.parse("2027-03-01T10:00:00Z");
            ConsentQuery lab = new ConsentQuery(ConsentMode.OPT_OUT, "cohort-2026", java.util.Set.of("health"),
                    java.util.Set.of("scientific-research"), java.util.Set.of(UMC_LAB), during);
            ConsentQuery other = new ConsentQuery(ConsentMode.OPT_OUT, "cohort-2026", java.util.Set.of("health"),
                    java.util.Set.of("scientific-research"), java.util.Set.of("urn:sluis:participant:pharma"), during);
            assertEquals(List.of(true, false), List.of(index.permits(key.hash("pseudo-4711"), lab), index.permits(key.hash("pseudo-4711"), other)));
        }
    }

    @Nested
    class A_bundle {
        @Test
        void gives_the_statements_of_every_consent_in_entry_order() {
            Result r = READER.read(fixture("transaction.json"));
            String lab = "urn:sluis:participant:lab";
            assertEquals(List.of(
                    statement("pseudo-5120", Optional.empty(), Optional.of("fhir:Observation"), List.of("scientific-research"), List.of(lab),
                            "2026-01-31T23:00:00Z", "2027-01-31T23:00:00Z", true, "fhir:Consent/c-5120-lab"),
                    statement("pseudo-5120", Optional.of("cohort-2026"), Optional.empty(), List.of("scientific-research"), List.of(lab),
                            "2026-01-31T23:00:00Z", "2027-01-31T23:00:00Z", true, "fhir:Consent/c-5120-lab"),
                    statement("pseudo-6001", Optional.empty(), Optional.of("mobility"), List.of("public-health"), List.of(),
                            null, null, false, "fhir:Consent/c-6001-ggd")),
                    r.statements());
        }

        @Test
        void reports_a_resource_that_is_not_a_consent_at_its_entry() {
            ObjectNode bundle = (ObjectNode) fixture("transaction.json");
            ((ObjectNode) bundle.get("entry").get(1).get("resource")).put("resourceType", "Patient");
            assertEquals("/entry/1/resource/resourceType", onlyIssue(bundle).pointer());
        }

        @Test
        void reports_a_searchset() {
            ObjectNode bundle = (ObjectNode) fixture("transaction.json");
            bundle.put("type", "searchset");
            assertEquals(new Issue("/type", "expected a Bundle of type collection, transaction or batch, found searchset"), onlyIssue(bundle));
        }

        @Test
        void reports_a_delete_request() {
            ObjectNode bundle = (ObjectNode) fixture("transaction.json");
            ((ObjectNode) bundle.get("entry").get(0).get("request")).put("method", "DELETE");
            assertEquals("/entry/0/request/method", onlyIssue(bundle).pointer());
        }

        @Test
        void reports_a_consent_id_given_twice() {
            ObjectNode bundle = (ObjectNode) fixture("transaction.json");
            ((ObjectNode) bundle.get("entry").get(1).get("resource")).put("id", "c-5120-lab");
            assertEquals(new Issue("/entry/1/resource/id", "Consent/c-5120-lab appears twice in the Bundle, first at /entry/0"),
                    onlyIssue(bundle));
        }

        @Test
        void reports_an_entry_without_resource() {
            ObjectNode bundle = (ObjectNode) fixture("transaction.json");
            ((ObjectNode) bundle.get("entry").get(1)).remove("resource");
            assertEquals("/entry/1", onlyIssue(bundle).pointer());
        }
    }

    @Nested
    class Issues {
        @Test
        void every_unsupported_element_is_reported_at_its_pointer_and_none_is_left_out() {
            Result r = READER.read(fixture("unsupported.json"));
            String c = "/entry/2/resource";
            assertEquals(List.of("/entry/1/resource/resourceType", c + "/modifierExtension", c + "/policy",
                    c + "/provision/code", c + "/provision/data", c + "/provision/dataPeriod", c + "/provision/extension",
                    c + "/provision/provision/0/action/0", c + "/provision/provision/0/actor/0/role",
                    c + "/provision/provision/0/securityLabel", c + "/provision/purpose/0", c + "/provision/securityLabel",
                    c + "/scope", c + "/status"), pointers(r));
        }

        @Test
        void a_document_with_issues_gives_no_statements_at_all() {
            Result r = READER.read(fixture("unsupported.json"));
            assertFalse(r.ok());
            assertEquals(List.of(), r.statements());
        }

        @Test
        void an_inactive_consent_is_an_issue() {
            ObjectNode c = researchOptOut().put("status", "inactive");
            assertEquals(new Issue("/status", "expected status active (only consents in force are imported), found inactive"), onlyIssue(c));
        }

        @Test
        void an_entered_in_error_consent_is_an_issue() {
            assertEquals("/status", onlyIssue(researchOptOut().put("status", "entered-in-error")).pointer());
        }

        @Test
        void a_consent_without_id_is_an_issue() {
            ObjectNode c = researchOptOut();
            c.remove("id");
            assertEquals("/id", onlyIssue(c).pointer());
        }

        @Test
        void a_patient_given_by_absolute_url_is_an_issue() {
            ObjectNode c = researchOptOut();
            ((ObjectNode) c.get("patient")).put("reference", "https://fhir.olvg.example/Patient/pseudo-4711");
            assertEquals("/patient/reference", onlyIssue(c).pointer());
        }

        @Test
        void a_patient_given_by_identifier_is_the_subject() {
            ObjectNode c = researchOptOut();
            c.set("patient", json("{\"identifier\": {\"system\": \"urn:oid:2.16.840.1.113883.2.4.6.3\", \"value\": \"pseudo-9\"}}"));
            assertEquals("pseudo-9", READER.read(c).statements().get(0).subject());
        }

        @Test
        void a_base_provision_without_type_is_an_issue() {
            ObjectNode c = researchOptOut();
            provision(c).remove("type");
            assertEquals(new Issue("/provision/type", "expected type permit or deny on the base provision, found none"), onlyIssue(c));
        }

        @Test
        void an_exception_without_type_is_an_issue() {
            ObjectNode c = researchOptOut();
            nested(c).remove("type");
            assertEquals("/provision/provision/0/type", onlyIssue(c).pointer());
        }

        @Test
        void a_consent_without_provision_is_an_issue() {
            ObjectNode c = researchOptOut();
            c.remove("provision");
            assertEquals("/provision", onlyIssue(c).pointer());
        }

        @Test
        void a_policy_rule_other_than_opt_in_or_opt_out_is_an_issue() {
            ObjectNode c = researchOptOut();
            c.set("policyRule", json("{\"coding\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"OPTINR\"}]}"));
            assertEquals("/policyRule", onlyIssue(c).pointer());
        }

        @Test
        void an_extension_on_a_primitive_is_an_issue() {
            ObjectNode c = researchOptOut();
            c.set("_status", json("{\"extension\": [{\"url\": \"https://example.org/x\", \"valueString\": \"y\"}]}"));
            assertEquals("/_status", onlyIssue(c).pointer());
        }

        @Test
        void a_member_name_with_a_slash_is_escaped_in_the_pointer() {
            ObjectNode c = researchOptOut();
            provision(c).put("a/b~c", 1);
            assertEquals("/provision/a~1b~0c", onlyIssue(c).pointer());
        }

        @Test
        void an_actor_that_is_not_an_organization_is_an_issue() {
            ObjectNode c = researchOptOut();
            ((ObjectNode) nested(c).get("actor").get(0).get("reference")).put("reference", "Practitioner/p-1");
            assertEquals("/provision/provision/0/actor/0/reference/reference", onlyIssue(c).pointer());
        }

        @Test
        void an_unknown_purpose_code_is_an_issue() {
            ObjectNode c = researchOptOut();
            ((ObjectNode) nested(c).get("purpose").get(0)).put("code", "ETREAT");
            assertEquals("/provision/provision/0/purpose/0", onlyIssue(c).pointer());
        }

        @Test
        void an_unknown_class_system_is_an_issue() {
            ObjectNode c = researchOptOut();
            provision(c).set("class", json("{\"a\": [{\"system\": \"http://loinc.org\", \"code\": \"11503-0\"}]}").get("a"));
            assertEquals("/provision/class/0", onlyIssue(c).pointer());
        }

        @Test
        void a_malformed_period_bound_is_an_issue() {
            ObjectNode c = researchOptOut();
            ((ObjectNode) provision(c).get("period")).put("end", "2030-02-30");
            assertEquals("/provision/period/end", onlyIssue(c).pointer());
        }

        @Test
        void a_period_ending_before_it_starts_is_an_issue() {
            ObjectNode c = researchOptOut();
            ((ObjectNode) provision(c).get("period")).put("start", "2031-01-01");
            assertEquals("/provision/period", onlyIssue(c).pointer());
        }

        @Test
        void something_that_is_neither_consent_nor_bundle_is_an_issue() {
            assertEquals("/resourceType", onlyIssue(json("{\"resourceType\": \"Patient\", \"id\": \"p\"}")).pointer());
        }

        @Test
        void a_json_array_is_an_issue_at_the_root() {
            assertEquals("", onlyIssue(JSON.createArrayNode()).pointer());
        }
    }

    @Nested
    class Exceptions {
        @Test
        void an_exception_permit_that_restricts_no_more_than_its_denial_is_reported() {
            ObjectNode c = researchOptOut();
            nested(c).remove("actor"); // now a permit for research, exactly as specific as the research denial it is nested in
            Issue issue = onlyIssue(c);
            assertEquals("/provision/provision/0", issue.pointer());
            assertTrue(issue.message().startsWith("this exception (permit) is not more specific than the deny"), issue.message());
        }

        @Test
        void an_exception_denial_as_specific_as_its_permit_wins_and_is_accepted() {
            ObjectNode c = researchOptOut();
            provision(c).put("type", "permit");
            nested(c).put("type", "deny");
            nested(c).remove("actor");
            assertTrue(READER.read(c).ok());
        }

        @Test
        void an_exception_without_purpose_inherits_its_parents_purposes() {
            ObjectNode c = researchOptOut();
            nested(c).remove("purpose");
            assertEquals(List.of("scientific-research"), READER.read(c).statements().get(1).purposes());
        }

        @Test
        void an_exception_without_class_inherits_its_parents_classes() {
            ObjectNode c = researchOptOut();
            provision(c).set("class", json("{\"a\": [{\"system\": \"https://sluis.example/dataset\", \"code\": \"cohort-2026\"}]}").get("a"));
            assertEquals(Optional.of("cohort-2026"), READER.read(c).statements().get(1).datasetId());
        }

        @Test
        void an_exceptions_period_is_cut_to_its_parents() {
            ObjectNode c = researchOptOut();
            nested(c).set("period", json("{\"start\": \"2025-06-01\", \"end\": \"2027\"}"));
            Statement exception = READER.read(c).statements().get(1);
            assertEquals(List.of(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")),
                    List.of(exception.validFrom().orElseThrow(), exception.validUntil().orElseThrow()));
        }

        @Test
        void an_exception_outside_its_parents_period_is_an_issue() {
            ObjectNode c = researchOptOut();
            nested(c).set("period", json("{\"start\": \"2032-01-01\"}"));
            assertEquals("/provision/provision/0/period", onlyIssue(c).pointer());
        }

        @Test
        void exceptions_nest_to_any_depth_and_each_becomes_statements() {
            ObjectNode c = researchOptOut();
            ArrayNode deeper = nested(c).putArray("provision");
            deeper.add(json("""
                    {"type": "deny", "class": [{"system": "https://sluis.example/dataset", "code": "genomes"}]}"""));
            Statement deepest = READER.read(c).statements().get(2);
            assertEquals(List.of("genomes", "false", UMC_LAB), List.of(deepest.datasetId().orElseThrow(), String.valueOf(deepest.permit()),
                    deepest.recipients().get(0)));
        }
    }

    @Nested
    class Tables {
        @Test
        void a_custodians_purpose_table_replaces_the_default() {
            FhirConsentReader own = new FhirConsentReader("health", Map.of("HRESCH", "health-research"), Map.of());
            assertEquals(List.of("health-research"), own.read(fixture("research-opt-out.json")).statements().get(0).purposes());
        }

        @Test
        void a_custodians_resource_type_table_names_the_category() {
            FhirConsentReader own = new FhirConsentReader("health", FhirProvisionReader.ACT_REASON_PURPOSES, Map.of("Observation", "lab-results"));
            assertEquals(Optional.of("lab-results"), own.read(fixture("transaction.json")).statements().get(0).category());
        }

        @Test
        void the_default_category_is_the_readers() {
            assertEquals(Optional.of("care"), new FhirConsentReader("care").read(fixture("research-opt-out.json")).statements().get(0).category());
        }

        @Test
        void a_blank_default_category_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new FhirConsentReader(" "));
        }
    }
}
