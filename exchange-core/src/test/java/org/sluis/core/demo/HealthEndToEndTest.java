package org.sluis.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's health part end to end, through the HTTP API with real tokens: what the university lab
 * and the public health service receive is checked against the generated data, pseudonyms against
 * an HMAC computed here, and the ledger with {@code sluis ledger verify}.
 */
class HealthEndToEndTest {
    @TempDir
    static Path dir;
    static DemoExchange demo;
    static HealthData data;
    static DemoEndpoints endpoints;
    static HealthScenario.Outcome outcome;

    @BeforeAll
    static void play() throws Exception {
        demo = new DemoExchange(dir.resolve("data"));
        data = HealthData.generate(HealthData.PATIENTS, DemoScenario.SEED);
        endpoints = DemoEndpoints.start(data, "upstream-secret");
        HealthScenario health = new HealthScenario(demo.cast, data, endpoints, "upstream-secret", demo.story);
        health.publish();
        outcome = health.play();
    }

    @AfterAll
    static void stop() {
        endpoints.close();
        demo.close();
    }

    static Set<String> consenting() {
        return data.patients().stream().filter(p -> !p.optedOut()).map(HealthData.Patient::id).collect(Collectors.toSet());
    }

    @Test
    void theLabsObservations_carryTheHmacPseudonymOfEachPatient_withoutOptedOutOrRevokedPatients() throws Exception {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.UNI_LAB), outcome.researchAgreement(), HealthScenario.RESEARCH, "");
        assertEquals(200, r.status(), r.text());
        List<JsonNode> got = Moves.ndjson(r.body());
        Set<String> admitted = consenting();
        admitted.remove(outcome.revokedPatient());
        List<HealthData.Observation> expected = data.observations().stream().filter(o -> admitted.contains(o.patient())).toList();
        assertEquals(expected.size(), got.size());
        assertTrue(expected.size() < data.observations().size() - 100, "opted-out patients' observations are missing");
        Map<String, String> pseudonyms = new HashMap<>();
        for (int i = 0; i < got.size(); i++) {
            HealthData.Observation o = expected.get(i);
            String pseudonym = pseudonyms.computeIfAbsent(o.patient(), p -> {
                try {
                    return demo.pseudonym(outcome.researchAgreement(), p);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(pseudonym, got.get(i).get("patient").asText(), "record " + i);
            assertEquals(o.id(), got.get(i).get("id").asText());
            assertEquals(o.value(), got.get(i).get("value").asDouble());
        }
    }

    @Test
    void theLabsPatients_haveIdentifierNameTelecomAndAddressDropped_andAPseudonymousId() throws Exception {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.UNI_LAB), outcome.cohortAgreement(), HealthScenario.RESEARCH, "");
        assertEquals(200, r.status(), r.text());
        List<JsonNode> got = Moves.ndjson(r.body());
        Set<String> admitted = consenting();
        admitted.remove(outcome.revokedPatient());
        List<HealthData.Patient> expected = data.patients().stream().filter(p -> admitted.contains(p.id())).toList();
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            JsonNode p = got.get(i);
            assertEquals(Set.of("resourceType", "id", "active", "gender", "birthDate"), fields(p), p.toString());
            assertEquals(demo.pseudonym(outcome.cohortAgreement(), expected.get(i).id()), p.get("id").asText());
            assertEquals(expected.get(i).birthDate().toString(), p.get("birthDate").asText());
        }
    }

    @Test
    void aWrongPurpose_is403PurposeNotPermitted_beforeAnyTransfer() {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.UNI_LAB), outcome.researchAgreement(), "marketing", "");
        assertEquals(403, r.status(), r.text());
        assertEquals("PURPOSE_NOT_PERMITTED", r.json().get("reasons").get(0).get("code").asText());
        assertEquals("", r.header("X-Sluis-Transfer-Id"));
    }

    @Test
    void thePublicHealthService_receivedOnlyGroupsOfAtLeastTen_countedOverConsentingPatients() {
        Set<String> admitted = consenting(); // the push ran before the revocation
        Map<List<String>, Long> all = data.observations().stream().filter(o -> admitted.contains(o.patient()))
                .collect(Collectors.groupingBy(o -> List.of(o.municipality(), o.code()), Collectors.counting()));
        Map<List<String>, Long> expected = all.entrySet().stream().filter(e -> e.getValue() >= HealthScenario.MIN_GROUP)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(all.size() - expected.size() >= 3, "small groups exist to be suppressed: " + all);
        Map<List<String>, Long> got = Moves.ndjson(endpoints.received(outcome.pushTransfer())).stream().collect(Collectors.toMap(
                g -> List.of(g.get("municipality").asText(), g.get("code").asText()), g -> g.get("count").asLong()));
        assertEquals(expected, got);
        JsonNode t = Moves.transfer(demo.as(DemoCast.GGD), outcome.pushTransfer());
        assertEquals("completed", t.get("state").asText());
        assertEquals(expected.size(), t.get("records").asLong());
    }

    @Test
    void theSurveillanceOffer_wasAgreedByTheHospitalByHand() {
        JsonNode agreement = demo.as(DemoCast.GGD).get("/v1/agreements/" + outcome.surveillanceAgreement()).expect(200, "agreement");
        assertEquals("urn:sluis:participant:ggd", agreement.get("agreement").get("assignee").asText());
        List<String> steps = Moves.ndjson(demo.as(DemoCast.AUDIT).get("/v1/ledger/export").body()).stream()
                .map(e -> e.get("entry")).filter(e -> e.get("kind").asText().equals("negotiation.step")
                        && e.path("actor").asText().equals(DemoCast.HOSPITAL))
                .map(JsonNode::toString).toList();
        assertTrue(!steps.isEmpty(), "the hospital's agree step is in the ledger");
    }

    @Test
    void theLedger_verifiesWithTheLedgerCli() throws Exception {
        demo.assertLedgerVerifiesWithTheCli(dir);
    }

    static Set<String> fields(JsonNode record) {
        Set<String> names = new java.util.TreeSet<>();
        record.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
