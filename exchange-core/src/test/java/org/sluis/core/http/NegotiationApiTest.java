package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.contracts.agreement.AgreementVerifier;
import org.sluis.core.identity.Role;

/** {@code /v1/negotiations} and {@code /v1/agreements}: the Dataspace Protocol flow as the exchange runs it. */
class NegotiationApiTest {
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String lab;
    static String otherLab;
    static String operator;

    @BeforeAll
    static void start() {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER);
        server.register("lab", Role.CONSUMER);
        server.register("other-lab", Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        lab = server.tokenFor("lab");
        otherLab = server.tokenFor("other-lab");
        operator = server.tokenFor("operator");
        publish("auto", true, CatalogApiTest.HEALTH, "health-secondary-use");
        publish("manual", false, CatalogApiTest.HEALTH, "health-secondary-use");
        publish("for-lab", true, CatalogApiTest.industrial("lab"), "corridor-industrial");
        ApiClient.Response r = api.post("/v1/datasets", hospital, """
                {"id": "ended", "title": "Ended", "domain": "health",
                 "fields": [{"name": "x", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "x.ndjson", "format": "ndjson"},
                 "offers": [{"id": "standard", "autoAccept": true,
                             "policy": {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
                                        "permission": [{"action": "use", "constraint": [
                                          {"leftOperand": "dateTime", "operator": "lt", "rightOperand":
                                            {"@value": "2020-01-01T00:00:00Z", "@type": "xsd:dateTime"}}]}]}}]}""");
        assertEquals(201, r.status(), r.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void publish(String id, boolean autoAccept, String parameters, String template) {
        String body = CatalogApiTest.dataset(id, "health", "Dataset " + id, template, parameters)
                .replace("\"autoAccept\": true", "\"autoAccept\": " + autoAccept);
        ApiClient.Response r = api.post("/v1/datasets", hospital, body);
        assertEquals(201, r.status(), r.body());
    }

    static JsonNode request(String token, String dataset, String purpose) {
        ApiClient.Response r = api.post("/v1/negotiations", token,
                "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"standard\", \"purpose\": \"" + purpose + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    /** The states the ledger recorded for a negotiation, in order. */
    static List<String> loggedStates(JsonNode negotiation) {
        List<String> states = new ArrayList<>();
        JsonNode items = api.get("/v1/ledger/entries?kind=negotiation.step&dataset=" + negotiation.get("datasetId").asText(), operator)
                .json().get("items");
        items.forEach(i -> {
            if (i.get("entry").get("body").get("negotiation").asText().equals(negotiation.get("id").asText())) {
                states.add(i.get("entry").get("body").get("state").asText());
            }
        });
        return states;
    }

    static JWKSet jwks() throws Exception {
        return JWKSet.parse(api.get("/.well-known/jwks.json", null).body());
    }

    @Nested
    class AutoAccept {
        @Test
        void aFittingRequest_returnsFinalizedWithASignedAgreement_atOnce() throws Exception {
            JsonNode n = request(lab, "auto", "scientific-research");
            assertEquals("FINALIZED", n.get("state").asText());
            assertEquals("hospital", n.get("provider").asText());
            assertEquals("lab", n.get("consumer").asText());
            String agreementId = n.get("agreementId").asText();
            ApiClient.Response a = api.get("/v1/agreements/" + agreementId, lab);
            assertEquals(200, a.status(), a.body());
            AgreementVerifier.Verified v = new AgreementVerifier(jwks()).verify(a.json().get("signature").asText(), a.json().get("agreement"));
            assertEquals("urn:sluis:agreement:" + agreementId, v.agreement().uid());
            assertEquals("urn:sluis:participant:lab", a.json().get("agreement").get("assignee").asText());
            assertEquals("active", a.json().get("status").asText());
            JsonNode entry = a.json().get("ledgerEntry");
            assertEquals(a.json().get("ledgerIndex").asLong(), entry.get("index").asLong());
            assertEquals("agreement.signed", entry.get("kind").asText());
            assertEquals(v.sha256Hex(), entry.get("body").get("agreementSha256").asText());
            assertEquals(List.of("REQUESTED", "AGREED", "VERIFIED", "FINALIZED"), loggedStates(n));
        }

        @Test
        void aPurposeTheOfferExcludes_isRefusedWithThePointerToPurpose() {
            ApiClient.Response r = api.post("/v1/negotiations", lab,
                    "{\"datasetId\": \"auto\", \"offerId\": \"standard\", \"purpose\": \"marketing\"}");
            assertEquals(400, r.status(), r.body());
            assertEquals("/purpose", r.json().get("errors").get(0).get("pointer").asText());
            assertTrue(r.json().get("detail").asText().contains("isAnyOf"), r.body());
        }

        @Test
        void anOfferForAnotherRecipient_cannotBeRequested() {
            ApiClient.Response r = api.post("/v1/negotiations", otherLab,
                    "{\"datasetId\": \"for-lab\", \"offerId\": \"standard\", \"purpose\": \"predictive-maintenance\"}");
            assertEquals(400, r.status(), r.body());
            assertEquals("/offerId", r.json().get("errors").get(0).get("pointer").asText());
            assertEquals("FINALIZED", request(lab, "for-lab", "predictive-maintenance").get("state").asText());
        }

        @Test
        void aProviderCannotRequest_andUnknownMembersAreRefused() {
            assertEquals(403, api.post("/v1/negotiations", hospital,
                    "{\"datasetId\": \"auto\", \"offerId\": \"standard\", \"purpose\": \"public-health\"}").status());
            ApiClient.Response r = api.post("/v1/negotiations", lab,
                    "{\"datasetId\": \"auto\", \"offerId\": \"standard\", \"purpose\": \"public-health\", \"price\": 0}");
            assertEquals(400, r.status(), r.body());
            assertEquals("/price", r.json().get("errors").get(0).get("pointer").asText());
        }
    }

    @Nested
    class BadRequests {
        @Test
        void aBodyThatIsNoObject_isRefusedAtTheRoot() {
            ApiClient.Response r = api.post("/v1/negotiations", lab, "[\"auto\"]");
            assertEquals(400, r.status(), r.body());
            assertEquals("", r.json().get("errors").get(0).get("pointer").asText());
        }

        @Test
        void controlCharactersAndOverlongPurposes_areRefusedAtPurpose() {
            for (String purpose : List.of("research\\u0000", "x".repeat(257))) {
                ApiClient.Response r = api.post("/v1/negotiations", lab,
                        "{\"datasetId\": \"auto\", \"offerId\": \"standard\", \"purpose\": \"" + purpose + "\"}");
                assertEquals(400, r.status(), r.body());
                assertEquals("/purpose", r.json().get("errors").get(0).get("pointer").asText());
            }
        }

        @Test
        void aTerminationReasonWithControlCharacters_isRefused() {
            JsonNode n = request(lab, "manual", "public-health");
            ApiClient.Response r = api.post("/v1/negotiations/" + n.get("id").asText() + "/terminate", lab,
                    "{\"reason\": \"line\\nbreak\"}");
            assertEquals(400, r.status(), r.body());
            assertEquals("/reason", r.json().get("errors").get(0).get("pointer").asText());
            assertEquals("REQUESTED", api.get("/v1/negotiations/" + n.get("id").asText(), lab).json().get("state").asText());
        }
    }

    @Nested
    class Manual {
        @Test
        void theProviderAgrees_andTheNegotiationIsFinalizedWithAnAgreement() {
            JsonNode n = request(lab, "manual", "public-health");
            assertEquals("REQUESTED", n.get("state").asText());
            assertTrue(n.get("agreementId").isNull());
            ApiClient.Response agreed = api.post("/v1/negotiations/" + n.get("id").asText() + "/agree", hospital, null);
            assertEquals(200, agreed.status(), agreed.body());
            assertEquals("FINALIZED", agreed.json().get("state").asText());
            assertEquals(200, api.get("/v1/agreements/" + agreed.json().get("agreementId").asText(), hospital).status());
            assertEquals(List.of("REQUESTED", "AGREED", "VERIFIED", "FINALIZED"), loggedStates(n));
        }

        @Test
        void theConsumerCannotAgreeForTheProvider_409WithTheCurrentState() {
            JsonNode n = request(lab, "manual", "public-health");
            ApiClient.Response r = api.post("/v1/negotiations/" + n.get("id").asText() + "/agree", lab, null);
            assertEquals(409, r.status(), r.body());
            assertEquals("REQUESTED", r.json().get("state").asText());
            assertEquals(List.of("REQUESTED"), loggedStates(n));
        }

        @Test
        void aFinalizedNegotiation_cannotBeAgreedOrTerminatedAgain() {
            JsonNode n = request(lab, "auto", "public-health");
            String id = n.get("id").asText();
            ApiClient.Response agree = api.post("/v1/negotiations/" + id + "/agree", hospital, null);
            assertEquals(409, agree.status(), agree.body());
            assertEquals("FINALIZED", agree.json().get("state").asText());
            ApiClient.Response terminate = api.post("/v1/negotiations/" + id + "/terminate", lab, "{\"reason\": \"changed our mind\"}");
            assertEquals(409, terminate.status());
            assertEquals("FINALIZED", terminate.json().get("state").asText());
        }

        @Test
        void theConsumerTerminates_withAReason_andThenNothingMoves() {
            JsonNode n = request(lab, "manual", "public-health");
            String id = n.get("id").asText();
            ApiClient.Response t = api.post("/v1/negotiations/" + id + "/terminate", lab, "{\"reason\": \"project cancelled\"}");
            assertEquals(200, t.status(), t.body());
            assertEquals("TERMINATED", t.json().get("state").asText());
            assertEquals("lab", t.json().get("terminatedBy").asText());
            assertEquals("project cancelled", t.json().get("reason").asText());
            ApiClient.Response agree = api.post("/v1/negotiations/" + id + "/agree", hospital, null);
            assertEquals(409, agree.status());
            assertEquals("TERMINATED", agree.json().get("state").asText());
            assertEquals(List.of("REQUESTED", "TERMINATED"), loggedStates(n));
        }

        @Test
        void theProviderRejects_byTerminating() {
            JsonNode n = request(lab, "manual", "scientific-research");
            ApiClient.Response t = api.post("/v1/negotiations/" + n.get("id").asText() + "/terminate", hospital,
                    "{\"reason\": \"the ethics board did not approve\"}");
            assertEquals(200, t.status(), t.body());
            assertEquals("hospital", t.json().get("terminatedBy").asText());
        }

        @Test
        void aTerminationWithoutReason_isRefused() {
            JsonNode n = request(lab, "manual", "public-health");
            ApiClient.Response r = api.post("/v1/negotiations/" + n.get("id").asText() + "/terminate", lab, "{}");
            assertEquals(400, r.status(), r.body());
            assertEquals("/reason", r.json().get("errors").get(0).get("pointer").asText());
        }

        @Test
        void aStranger_seesNoNegotiation_andCannotMoveIt() {
            JsonNode n = request(lab, "manual", "public-health");
            String id = n.get("id").asText();
            assertEquals(404, api.get("/v1/negotiations/" + id, otherLab).status());
            assertEquals(404, api.post("/v1/negotiations/" + id + "/terminate", otherLab, "{\"reason\": \"x\"}").status());
            assertEquals(200, api.get("/v1/negotiations/" + id, operator).status());
        }

        @Test
        void concurrentAgreeAndTerminate_exactlyOneWins_andOnlyItIsLogged() throws Exception {
            for (int round = 0; round < 8; round++) {
                JsonNode n = request(lab, "manual", "public-health");
                String id = n.get("id").asText();
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<ApiClient.Response> agree = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return api.post("/v1/negotiations/" + id + "/agree", hospital, null);
                });
                CompletableFuture<ApiClient.Response> terminate = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return api.post("/v1/negotiations/" + id + "/terminate", lab, "{\"reason\": \"race\"}");
                });
                go.countDown();
                List<Integer> statuses = List.of(agree.get().status(), terminate.get().status());
                assertTrue(statuses.contains(200) && statuses.contains(409), statuses + " " + agree.get() + " " + terminate.get());
                String winner = agree.get().status() == 200 ? "FINALIZED" : "TERMINATED";
                assertEquals(winner, api.get("/v1/negotiations/" + id, lab).json().get("state").asText());
                List<String> logged = loggedStates(n);
                assertEquals(winner.equals("FINALIZED") ? List.of("REQUESTED", "AGREED", "VERIFIED", "FINALIZED")
                        : List.of("REQUESTED", "TERMINATED"), logged);
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Nested
    class Listing {
        @Test
        void aParticipantLists_itsNegotiationsByStateAndRole() {
            JsonNode n = request(otherLab, "manual", "public-health");
            JsonNode asConsumer = api.get("/v1/negotiations?role=consumer&state=REQUESTED", otherLab).json().get("items");
            assertTrue(asConsumer.size() >= 1);
            asConsumer.forEach(i -> {
                assertEquals("other-lab", i.get("consumer").asText());
                assertEquals("REQUESTED", i.get("state").asText());
            });
            assertEquals(0, api.get("/v1/negotiations?role=provider", otherLab).json().get("items").size());
            JsonNode asProvider = api.get("/v1/negotiations?role=provider&state=REQUESTED", hospital).json().get("items");
            List<String> ids = new ArrayList<>();
            asProvider.forEach(i -> ids.add(i.get("id").asText()));
            assertTrue(ids.contains(n.get("id").asText()));
        }

        @Test
        void anUnknownState_isNamedAsTheOffendingParameter() {
            ApiClient.Response r = api.get("/v1/negotiations?state=DONE", lab);
            assertEquals(400, r.status());
            assertEquals("state", r.json().get("errors").get(0).get("parameter").asText());
        }
    }

    @Nested
    class Agreements {
        @Test
        void eitherPartyTerminates_once_withTheReasonLogged() {
            String id = request(lab, "auto", "public-health").get("agreementId").asText();
            ApiClient.Response t = api.post("/v1/agreements/" + id + "/terminate", hospital, "{\"reason\": \"breach of the retention duty\"}");
            assertEquals(200, t.status(), t.body());
            assertEquals("terminated", t.json().get("status").asText());
            ApiClient.Response again = api.post("/v1/agreements/" + id + "/terminate", lab, "{\"reason\": \"too\"}");
            assertEquals(409, again.status());
            assertEquals("terminated", again.json().get("status").asText());
            JsonNode logged = api.get("/v1/ledger/entries?kind=agreement.terminated&agreement=" + id, operator).json().get("items");
            assertEquals(1, logged.size());
            assertEquals("breach of the retention duty", logged.get(0).get("entry").get("body").get("reason").asText());
        }

        @Test
        void theOperatorRevokes_aStrangerCannotTerminate() {
            String id = request(lab, "auto", "public-health").get("agreementId").asText();
            assertEquals(404, api.post("/v1/agreements/" + id + "/terminate", otherLab, "{\"reason\": \"x\"}").status());
            assertEquals(403, api.post("/v1/agreements/" + id + "/revoke", hospital, "{\"reason\": \"x\"}").status());
            ApiClient.Response r = api.post("/v1/agreements/" + id + "/revoke", operator, "{\"reason\": \"court order\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals("revoked", r.json().get("status").asText());
            assertEquals("operator", r.json().get("endedBy").asText());
        }

        @Test
        void anAgreementWhoseTimeConstraintsEnded_isExpired_andCannotBeTerminated() {
            String id = request(lab, "ended", "anything").get("agreementId").asText();
            ApiClient.Response a = api.get("/v1/agreements/" + id, lab);
            assertEquals("expired", a.json().get("status").asText(), a.body());
            assertEquals("2020-01-01T00:00:00Z", a.json().get("validUntil").asText());
            assertEquals(409, api.post("/v1/agreements/" + id + "/terminate", lab, "{\"reason\": \"x\"}").status());
        }

        @Test
        void listsShowOnlyTheCallersAgreements_andAStrangerCannotReadOne() {
            String labs = request(lab, "auto", "public-health").get("agreementId").asText();
            String others = request(otherLab, "auto", "public-health").get("agreementId").asText();
            List<String> mine = new ArrayList<>();
            api.get("/v1/agreements?role=consumer", lab).json().get("items").forEach(a -> {
                assertEquals("lab", a.get("consumer").asText());
                mine.add(a.get("id").asText());
            });
            assertTrue(mine.contains(labs) && !mine.contains(others), mine.toString());
            List<String> theirs = new ArrayList<>();
            api.get("/v1/agreements", otherLab).json().get("items").forEach(a -> theirs.add(a.get("id").asText()));
            assertEquals(List.of(others), theirs);
            assertEquals(404, api.get("/v1/agreements/" + labs, otherLab).status());
            assertEquals(200, api.get("/v1/agreements/" + labs, hospital).status(), "the provider is a party too");
        }

        @Test
        void anAgreementSignedBeforeANotaryKeyRotation_stillVerifiesWithThePublishedKeys() throws Exception {
            JsonNode before = api.get("/v1/agreements/" + request(lab, "auto", "public-health").get("agreementId").asText(), lab).json();
            ApiClient.Response rotated = api.post("/v1/keys/notary/rotate", operator, null);
            assertEquals(200, rotated.status(), rotated.body());
            JsonNode after = api.get("/v1/agreements/" + request(lab, "auto", "public-health").get("agreementId").asText(), lab).json();
            AgreementVerifier verifier = new AgreementVerifier(jwks());
            String oldKid = verifier.verify(before.get("signature").asText(), before.get("agreement")).keyId();
            String newKid = verifier.verify(after.get("signature").asText(), after.get("agreement")).keyId();
            assertNotEquals(oldKid, newKid);
        }
    }
}
