package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;

/** {@code /v1/consents}: custodians record batches all or nothing, revoke, and look up; subjects never in clear. */
class ConsentApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String clinic;
    static String lab;
    static String operator;

    @BeforeAll
    static void start() {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
        server.register("clinic", Role.PROVIDER, Role.CUSTODIAN);
        server.register("lab", Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        clinic = server.tokenFor("clinic");
        lab = server.tokenFor("lab");
        operator = server.tokenFor("operator");
        assertEquals(201, api.post("/v1/datasets", hospital, CatalogApiTest.dataset("records", "health", "Records", "open-research",
                CatalogApiTest.OPEN)).status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String batch(int n, String subjectPrefix) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode consents = body.putArray("consents");
        for (int i = 0; i < n; i++) {
            ObjectNode c = consents.addObject().put("subject", subjectPrefix + i).put("datasetId", "records")
                    .put("decision", i % 10 == 0 ? "deny" : "permit");
            c.putArray("purposes").add("scientific-research");
            c.putArray("recipients").add("lab");
        }
        return body.toString();
    }

    @Test
    void aFullBatchOfTenThousand_isRecorded_andEveryConsentIsALedgerEntryWithoutTheSubject() {
        long before = server.ledger.size();
        ApiClient.Response r = api.post("/v1/consents", hospital, batch(10_000, "patient-"));
        assertEquals(201, r.status(), r.body().substring(0, Math.min(500, r.body().length())));
        assertEquals(10_000, r.json().get("consents").size());
        assertEquals(before + 10_000, server.ledger.size());
        JsonNode entries = api.get("/v1/ledger/entries?kind=consent.changed&dataset=records&limit=5", operator).json().get("items");
        assertEquals(5, entries.size());
        entries.forEach(e -> assertFalse(e.toString().contains("patient-"), e.toString()));
        assertFalse(r.body().contains("\"patient-"), "the response names subjects only by their hash");
    }

    @Test
    void oneBadConsent_refusesTheWholeBatch_withItsPointer_andRecordsNothing() {
        long before = server.ledger.size();
        String body = batch(50, "all-or-nothing-").replaceFirst("\"decision\":\"permit\"", "\"decision\":\"maybe\"");
        ApiClient.Response r = api.post("/v1/consents", hospital, body);
        assertEquals(400, r.status(), r.body());
        assertEquals("/consents/1/decision", r.json().get("errors").get(0).get("pointer").asText());
        assertEquals(before, server.ledger.size());
        assertEquals(0, api.get("/v1/consents?subject=all-or-nothing-2", hospital).json().get("items").size());
    }

    @Test
    void aCustodianCannotRecordConsentForAnotherProvidersDataset() {
        ApiClient.Response r = api.post("/v1/consents", clinic, batch(1, "foreign-"));
        assertEquals(400, r.status(), r.body());
        assertEquals("/consents/0/datasetId", r.json().get("errors").get(0).get("pointer").asText());
        assertEquals(403, api.post("/v1/consents", lab, batch(1, "x-")).status());
    }

    @Test
    void aRevocation_isLogged_andOnlyTheCustodianThatRecordedItMayRevoke() {
        JsonNode recorded = api.post("/v1/consents", hospital, batch(1, "revoke-me-")).json().get("consents").get(0);
        String id = recorded.get("id").asText();
        assertEquals(404, api.post("/v1/consents/" + id + "/revoke", clinic, null).status());
        ApiClient.Response r = api.post("/v1/consents/" + id + "/revoke", hospital, null);
        assertEquals(200, r.status(), r.body());
        assertEquals("revoked", r.json().get("status").asText());
        assertEquals(409, api.post("/v1/consents/" + id + "/revoke", hospital, null).status());
        JsonNode found = api.get("/v1/consents?subject=revoke-me-0", hospital).json().get("items");
        assertEquals(1, found.size());
        assertEquals("revoked", found.get(0).get("status").asText());
        assertEquals(recorded.get("subjectHash").asText(), found.get(0).get("subjectHash").asText());
        assertEquals(0, api.get("/v1/consents?subject=revoke-me-0", clinic).json().get("items").size(), "another custodian sees nothing");
    }

    @Test
    void aConsentNamesADatasetOrACategory_exactlyOne() {
        String both = "{\"consents\": [{\"subject\": \"s\", \"datasetId\": \"records\", \"category\": \"health-records\", \"decision\": \"deny\"}]}";
        ApiClient.Response r = api.post("/v1/consents", hospital, both);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("/consents/0/datasetId"), r.body());
        String category = "{\"consents\": [{\"subject\": \"s\", \"category\": \"health-records\", \"decision\": \"deny\"}]}";
        assertEquals(201, api.post("/v1/consents", hospital, category).status());
    }

    @Test
    void recipients_areParticipantsOrCategories_andAnythingElseIsRefusedAtItsPointer() {
        ApiClient.Response ok = api.post("/v1/consents", hospital, """
                {"consents": [{"subject": "s-recipients", "datasetId": "records", "decision": "permit",
                               "recipients": ["lab", "urn:sluis:participant:other-lab", "category:research-institution"]}]}""");
        assertEquals(201, ok.status(), ok.body());
        assertEquals("[\"urn:sluis:participant:lab\",\"urn:sluis:participant:other-lab\",\"category:research-institution\"]",
                ok.json().get("consents").get(0).get("recipients").toString());
        ApiClient.Response bad = api.post("/v1/consents", hospital, """
                {"consents": [{"subject": "s-recipients-2", "datasetId": "records", "decision": "permit",
                               "recipients": ["lab", "https://evil.example/x", "category:Not A Slug"]}]}""");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("/consents/0/recipients/1", bad.json().get("errors").get(0).get("pointer").asText());
        assertEquals("/consents/0/recipients/2", bad.json().get("errors").get(1).get("pointer").asText());
    }

    static String fhir(String fixture) throws Exception {
        return Files.readString(Path.of("../policy/src/test/resources/fhir/" + fixture));
    }

    static ApiClient.Response importFhir(String path, String body) {
        return api.post(path, hospital, body);
    }

    @Test
    void aFhirConsentWithANestedException_isImportedAsTwoConsents_fromThatSource() throws Exception {
        long before = server.ledger.size();
        ApiClient.Response r = importFhir("/v1/consents/fhir", fhir("research-opt-out.json"));
        assertEquals(201, r.status(), r.body());
        JsonNode consents = r.json().get("consents");
        assertEquals(2, consents.size(), r.body());
        JsonNode base = consents.get(0);
        JsonNode exception = consents.get(1);
        assertEquals("deny", base.get("decision").asText());
        assertEquals("health", base.get("category").asText(), "no data class: the default category");
        assertEquals("[\"scientific-research\"]", base.get("purposes").toString());
        assertEquals("2026-01-01T00:00:00Z", base.get("validFrom").asText());
        assertEquals("2031-01-01T00:00:00Z", base.get("validUntil").asText(), "a date-only end includes that day");
        assertEquals("permit", exception.get("decision").asText());
        assertEquals("[\"urn:sluis:participant:umc-research-lab\"]", exception.get("recipients").toString());
        assertEquals("fhir:Consent/c-4711-research", base.get("source").asText());
        assertEquals(base.get("subjectHash"), exception.get("subjectHash"));
        assertFalse(r.body().contains("pseudo-4711"), "the subject appears only as its hash");
        assertEquals(before + 2, server.ledger.size());
        assertEquals(2, api.get("/v1/consents?subject=pseudo-4711", hospital).json().get("items").size());
    }

    @Test
    void aFhirBundleWithUnsupportedElements_isRefusedWhole_withEveryPointer_andRecordsNothing() throws Exception {
        long before = server.ledger.size();
        ApiClient.Response r = importFhir("/v1/consents/fhir", fhir("unsupported.json"));
        assertEquals(400, r.status(), r.body());
        List<String> pointers = new ArrayList<>();
        r.json().get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        assertTrue(pointers.contains("/entry/1/resource/resourceType"), pointers.toString());
        assertTrue(pointers.contains("/entry/2/resource/modifierExtension"), pointers.toString());
        assertTrue(pointers.contains("/entry/2/resource/provision/securityLabel"), pointers.toString());
        assertTrue(pointers.contains("/entry/2/resource/provision/data"), pointers.toString());
        assertEquals(before, server.ledger.size(), "nothing recorded, not even the valid Consent in the bundle");
        assertEquals(0, api.get("/v1/consents?subject=pseudo-1", hospital).json().get("items").size());
    }

    @Test
    void aFhirImport_isForCustodians_andTheCategoryParameterIsChecked() throws Exception {
        assertEquals(403, api.post("/v1/consents/fhir", lab, fhir("research-opt-out.json")).status());
        ApiClient.Response r = importFhir("/v1/consents/fhir?category=Not%20A%20Category", fhir("research-opt-out.json"));
        assertEquals(400, r.status(), r.body());
        assertEquals("category", r.json().get("errors").get(0).get("parameter").asText());
        assertEquals(400, importFhir("/v1/consents/fhir", "{\"resourceType\": \"Patient\", \"id\": \"x\"}").status());
    }

    @Test
    void aRevocationThroughOneInstance_reachesTheOtherInstancesConsentsWithinASecond() throws Exception {
        try (TestGateway second = new TestGateway(server).start()) {
            JsonNode recorded = api.post("/v1/consents", hospital, batch(1, "two-instances-")).json().get("consents").get(0);
            String id = recorded.get("id").asText();
            TestGateway.await(1, () -> second.gateway.consents().of("hospital").stream().anyMatch(c -> c.id().equals(id)));
            assertEquals(200, api.post("/v1/consents/" + id + "/revoke", hospital, null).status());
            TestGateway.await(1, () -> second.gateway.consents().of("hospital").stream()
                    .anyMatch(c -> c.id().equals(id) && c.revokedAt().isPresent()));
        }
    }

    @Test
    void theLargeBatchLimit_isOnlyForCustodians_andStillALimit() {
        String twoMegabytes = batch(10_000, "anonymous-");
        assertTrue(twoMegabytes.length() > 1_048_576, "larger than the default body limit");
        assertEquals(401, api.post("/v1/consents", null, twoMegabytes).status());
        assertEquals(403, api.post("/v1/consents", lab, twoMegabytes).status());
        String tooLarge = "{\"consents\": [" + "{}, ".repeat(5_000_000) + "{}]}";
        ApiClient.Response r = api.post("/v1/consents", hospital, tooLarge);
        assertEquals(413, r.status(), r.body());
        assertEquals(413, api.post("/v1/datasets", hospital, twoMegabytes).status(), "other routes keep the configured limit");
    }

    @Test
    void aLookupWithoutSubject_namesTheMissingParameter() {
        ApiClient.Response r = api.get("/v1/consents", hospital);
        assertEquals(400, r.status(), r.body());
        assertEquals("subject", r.json().get("errors").get(0).get("parameter").asText());
    }
}
