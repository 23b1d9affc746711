package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.core.identity.Role;

/** {@code /v1/datasets} and {@code /v1/catalog} over real HTTP, PostgreSQL and ledger. */
class CatalogApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "Bearer s3cr3t-upstream-token";

    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String fab;
    static String aiLab;
    static String otherLab;
    static String operator;

    @BeforeAll
    static void start() {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
        server.register("fab", Role.PROVIDER);
        server.register("ai-lab", Role.CONSUMER);
        server.register("other-lab", Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        fab = server.tokenFor("fab");
        aiLab = server.tokenFor("ai-lab");
        otherLab = server.tokenFor("other-lab");
        operator = server.tokenFor("operator");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A valid dataset with one offer from {@code template} with {@code parameters}. */
    static String dataset(String id, String domain, String title, String template, String parameters) {
        return """
                {"id": "%s", "title": "%s", "description": "Synthetic test data", "domain": "%s",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "value", "type": "number", "sensitivity": "public"}],
                 "source": {"type": "http", "url": "https://upstream.example/data", "format": "ndjson",
                            "headers": {"Authorization": "%s"}},
                 "consent": {"mode": "opt-out", "subjectField": "patientId"},
                 "offers": [{"id": "standard", "template": "%s", "parameters": %s, "autoAccept": true}]}
                """.formatted(id, title, domain, SECRET, template, parameters);
    }

    static final String HEALTH = """
            {"purposes": ["scientific-research", "public-health"], "retentionDays": 365, "pseudonymisedFields": ["patientId"]}""";
    static final String OPEN = """
            {"attributionText": "Data: Example Hospital, CC BY 4.0"}""";

    static String industrial(String recipient) {
        return """
                {"recipient": "%s", "purpose": "predictive-maintenance", "endDate": "2030-12-31"}""".formatted(recipient);
    }

    static JsonNode created(String token, String body) {
        ApiClient.Response r = api.post("/v1/datasets", token, body);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    static List<JsonNode> ledger(String kind, String dataset) {
        ApiClient.Response r = api.get("/v1/ledger/entries?kind=" + kind + "&dataset=" + dataset, operator);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("entry")));
        return out;
    }

    static String sha256(JsonNode document) throws Exception {
        ObjectNode copy = document.deepCopy();
        copy.remove(List.of("status", "version", "createdAt", "updatedAt"));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.canonicalize(copy)));
    }

    @Nested
    class Publishing {
        @Test
        void aProvider_publishesFromATemplate_andTheLedgerRecordsTheHashOfWhatWasPublished() throws Exception {
            JsonNode d = created(hospital, dataset("cohort-a", "health", "Cohort A", "health-secondary-use", HEALTH));
            assertEquals("hospital", d.get("provider").asText());
            assertEquals("published", d.get("status").asText());
            assertEquals(1, d.get("version").asInt());
            JsonNode offer = d.get("offers").get(0);
            assertEquals("Offer", offer.get("policy").get("@type").asText(), offer.toString());
            assertEquals("urn:sluis:participant:hospital", offer.get("policy").get("assigner").asText());
            assertEquals("urn:sluis:dataset:cohort-a", offer.get("policy").get("target").asText());
            List<JsonNode> entries = ledger("dataset.published", "cohort-a");
            assertEquals(1, entries.size());
            assertEquals(sha256(d), entries.get(0).get("body").get("contentSha256").asText());
        }

        @Test
        void aRawOdrlOffer_isAccepted_andGetsTheExchangesUidAssignerAndTarget() {
            String body = """
                    {"id": "raw-offer", "title": "Raw", "domain": "health",
                     "fields": [{"name": "x", "type": "string", "sensitivity": "public"}],
                     "source": {"type": "file", "path": "raw/x.ndjson", "format": "ndjson"},
                     "offers": [{"id": "o1", "policy": {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
                                 "permission": [{"action": "use",
                                   "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"}]}]}}]}
                    """;
            JsonNode policy = created(hospital, body).get("offers").get(0).get("policy");
            assertEquals("urn:sluis:dataset:raw-offer:offer:o1", policy.get("uid").asText());
            assertEquals("urn:sluis:participant:hospital", policy.get("assigner").asText());
        }

        @Test
        void aParticipantWithoutTheProviderRole_cannotPublish() {
            ApiClient.Response r = api.post("/v1/datasets", aiLab, dataset("not-mine", "health", "X", "open-research", OPEN));
            assertEquals(403, r.status(), r.body());
            assertEquals(404, api.get("/v1/datasets/not-mine", operator).status());
        }

        @Test
        void aTakenId_isAConflict_andTheFirstDatasetStaysAsItWas() {
            created(hospital, dataset("taken", "health", "First", "open-research", OPEN));
            ApiClient.Response r = api.post("/v1/datasets", fab, dataset("taken", "industry", "Second", "open-research", OPEN));
            assertEquals(409, r.status(), r.body());
            assertEquals("First", api.get("/v1/datasets/taken", operator).json().get("title").asText());
            assertEquals(1, ledger("dataset.published", "taken").size());
        }

        @Test
        void invalidInput_isRefusedWithThePointerOfEveryProblem_andNothingIsWritten() {
            String body = dataset("bad-one", "health", "Bad", "health-secondary-use", "{\"purposes\": [], \"retentionDays\": -1}")
                    .replace("\"identifier\"", "\"secret-ish\"");
            ApiClient.Response r = api.post("/v1/datasets", hospital, body);
            assertEquals(400, r.status(), r.body());
            List<String> pointers = new ArrayList<>();
            r.json().get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
            assertTrue(pointers.contains("/fields/0/sensitivity"), pointers.toString());
            assertTrue(pointers.stream().anyMatch(p -> p.startsWith("/offers/0/parameters/")), pointers.toString());
            assertEquals(404, api.get("/v1/datasets/bad-one", operator).status());
            assertEquals(0, ledger("dataset.published", "bad-one").size());
        }

        @Test
        void anOfferForARecipientThatIsNoParticipant_isRefused() {
            ApiClient.Response r = api.post("/v1/datasets", fab, dataset("ghost-recipient", "industry", "T", "corridor-industrial",
                    industrial("nobody-here")));
            assertEquals(400, r.status(), r.body());
            assertEquals("/offers/0", r.json().get("errors").get(0).get("pointer").asText());
        }

        @Test
        void injectionStrings_areRefusedAsInvalid_notExecuted() {
            ApiClient.Response r = api.post("/v1/datasets", hospital,
                    dataset("x'; DROP TABLE dataset; --", "health", "T", "open-research", OPEN));
            assertEquals(400, r.status(), r.body());
            assertEquals("/id", r.json().get("errors").get(0).get("pointer").asText());
            assertEquals(200, api.get("/v1/catalog", aiLab).status());
        }
    }

    @Nested
    class Secrets {
        @Test
        void sourceSecrets_neverLeaveTheExchange_throughAnyEndpoint() {
            JsonNode created = created(hospital, dataset("secret-src", "health", "Secret source", "open-research", OPEN));
            List<String> bodies = List.of(created.toString(),
                    api.get("/v1/datasets/secret-src", hospital).body(),
                    api.get("/v1/datasets/secret-src", operator).body(),
                    api.get("/v1/datasets/secret-src", aiLab).body(),
                    api.get("/v1/datasets", hospital).body(),
                    api.get("/v1/catalog?text=Secret", aiLab).body(),
                    api.get("/v1/ledger/entries?dataset=secret-src", operator).body());
            for (String body : bodies) {
                assertFalse(body.contains("s3cr3t"), body);
            }
            assertEquals("(secret)", created.get("source").get("headers").get("Authorization").asText());
        }
    }

    @Nested
    class Changing {
        @Test
        void theProvider_changesItsDataset_andEachChangeIsLoggedWithANewVersion() throws Exception {
            created(hospital, dataset("changing", "health", "Before", "open-research", OPEN));
            ApiClient.Response r = api.send("PUT", "/v1/datasets/changing", hospital,
                    dataset("changing", "health", "After", "health-secondary-use", HEALTH));
            assertEquals(200, r.status(), r.body());
            assertEquals(2, r.json().get("version").asInt());
            assertEquals("After", api.get("/v1/catalog?text=After", aiLab).json().get("items").get(0).get("title").asText());
            List<JsonNode> changes = ledger("dataset.changed", "changing");
            assertEquals(1, changes.size());
            assertEquals(sha256(r.json()), changes.get(0).get("body").get("contentSha256").asText());
        }

        @Test
        void anotherProvider_cannotChangeOrWithdrawIt() {
            created(hospital, dataset("not-yours", "health", "Mine", "open-research", OPEN));
            assertEquals(403, api.send("PUT", "/v1/datasets/not-yours", fab, dataset("not-yours", "health", "Theirs", "open-research", OPEN)).status());
            assertEquals(403, api.send("DELETE", "/v1/datasets/not-yours", fab, null).status());
            assertEquals("Mine", api.get("/v1/datasets/not-yours", hospital).json().get("title").asText());
        }

        @Test
        void aWithdrawnDataset_leavesTheCatalog_andCannotBeWithdrawnAgain() {
            created(hospital, dataset("going", "health", "Going away", "open-research", OPEN));
            ApiClient.Response r = api.send("DELETE", "/v1/datasets/going", hospital, null);
            assertEquals(200, r.status(), r.body());
            assertEquals("withdrawn", r.json().get("status").asText());
            assertEquals(0, api.get("/v1/catalog?text=Going", aiLab).json().get("items").size());
            assertEquals(404, api.get("/v1/datasets/going", aiLab).status());
            ApiClient.Response again = api.send("DELETE", "/v1/datasets/going", hospital, null);
            assertEquals(409, again.status(), again.body());
            assertEquals("withdrawn", again.json().get("status").asText());
            assertEquals(1, ledger("dataset.withdrawn", "going").size());
        }

        @Test
        void thePathIdWins_aBodyNamingAnotherDatasetIsRefused() {
            created(hospital, dataset("path-id", "health", "P", "open-research", OPEN));
            ApiClient.Response r = api.send("PUT", "/v1/datasets/path-id", hospital, dataset("other-id", "health", "P", "open-research", OPEN));
            assertEquals(400, r.status(), r.body());
            assertEquals("/id", r.json().get("errors").get(0).get("pointer").asText());
        }
    }

    @Nested
    class Visibility {
        @Test
        void anOfferRestrictedToAnotherRecipient_isNeverShown() {
            created(fab, dataset("litho-traces", "industry", "Litho traces", "corridor-industrial", industrial("ai-lab")));
            JsonNode forAiLab = api.get("/v1/catalog?provider=fab&text=Litho", aiLab).json().get("items");
            assertEquals(1, forAiLab.size(), forAiLab.toString());
            assertEquals(1, forAiLab.get(0).get("offers").size());
            assertEquals(0, api.get("/v1/catalog?provider=fab&text=Litho", otherLab).json().get("items").size());
            assertEquals(404, api.get("/v1/datasets/litho-traces", otherLab).status());
            assertEquals(200, api.get("/v1/datasets/litho-traces", aiLab).status());
        }

        @Test
        void ofTwoOffers_aConsumerSeesOnlyTheOneOpenToIt() {
            String body = dataset("two-offers", "industry", "Two offers", "corridor-industrial", industrial("ai-lab"))
                    .replace("\"autoAccept\": true}]", "\"autoAccept\": true}, {\"id\": \"open\", \"template\": \"open-research\", \"parameters\": "
                            + OPEN + "}]");
            created(fab, body);
            JsonNode other = api.get("/v1/datasets/two-offers", otherLab).json();
            assertEquals(1, other.get("offers").size(), other.toString());
            assertEquals("open", other.get("offers").get(0).get("id").asText());
            assertFalse(other.has("source"), "a consumer does not see the source configuration");
            assertEquals(2, api.get("/v1/datasets/two-offers", aiLab).json().get("offers").size());
        }

        @Test
        void theCatalog_filtersByDomainAndProvider_andPagesWithACursor() {
            for (int i = 0; i < 5; i++) {
                created(fab, dataset("page-" + i, "paging", "Paged " + i, "open-research", OPEN));
            }
            List<String> seen = new ArrayList<>();
            String cursor = "";
            do {
                JsonNode page = api.get("/v1/catalog?domain=paging&provider=fab&limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor), aiLab).json();
                page.get("items").forEach(i -> seen.add(i.get("id").asText()));
                cursor = page.get("next").isNull() ? "" : page.get("next").asText();
            } while (!cursor.isEmpty());
            assertEquals(List.of("page-0", "page-1", "page-2", "page-3", "page-4"), seen);
            assertEquals(0, api.get("/v1/catalog?domain=paging&provider=hospital", aiLab).json().get("items").size());
        }

        @Test
        void textSearch_treatsWildcardsAndQuotesAsPlainText() {
            created(hospital, dataset("percent", "health", "100% synthetic", "open-research", OPEN));
            assertEquals(1, api.get("/v1/catalog?text=100%25", aiLab).json().get("items").size());
            assertEquals(0, api.get("/v1/catalog?text=%25%25%25zzz", aiLab).json().get("items").size());
            ApiClient.Response quote = api.get("/v1/catalog?text=%27%3B%20DROP%20TABLE%20dataset%3B--", aiLab);
            assertEquals(200, quote.status(), quote.body());
            assertEquals(0, quote.json().get("items").size());
        }

        @Test
        void aBadPageSize_isNamedAsTheOffendingParameter() {
            ApiClient.Response r = api.get("/v1/catalog?limit=0", aiLab);
            assertEquals(400, r.status());
            assertEquals("limit", r.json().get("errors").get(0).get("parameter").asText());
        }
    }
}
