package org.sluis.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's corridor part end to end: the equipment maker's file under {@code files.root}, the
 * benchmark without recipes and lots and with tools pseudonymised, the named-recipient offer closed
 * to others, the terminated agreement refused, and the ledger verified with the CLI.
 */
class IndustryEndToEndTest {
    @TempDir
    static Path dir;
    static DemoExchange demo;
    static IndustryData data;
    static IndustryScenario.Outcome outcome;

    @BeforeAll
    static void play() throws Exception {
        demo = new DemoExchange(dir.resolve("data"));
        data = IndustryData.generate(IndustryData.LOTS, DemoScenario.SEED);
        IndustryScenario industry = new IndustryScenario(demo.cast, data, demo.exchange.config().filesRoot(), demo.story,
                LocalDate.now(ZoneOffset.UTC));
        industry.publish();
        outcome = industry.play();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void theBenchmark_hasNoRecipeOrLot_andEachToolAsItsHmacPseudonym() throws Exception {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.UNI_LAB), outcome.benchmarkAgreement(), IndustryScenario.TRAINING, "");
        assertEquals(200, r.status(), r.text());
        List<JsonNode> got = Moves.ndjson(r.body());
        assertEquals(data.samples().size(), got.size());
        java.util.Map<String, String> pseudonyms = new java.util.HashMap<>();
        for (String tool : data.samples().stream().map(IndustryData.Sample::tool).distinct().toList()) {
            pseudonyms.put(tool, demo.pseudonym(outcome.benchmarkAgreement(), tool));
        }
        for (int i = 0; i < got.size(); i++) {
            IndustryData.Sample s = data.samples().get(i);
            JsonNode g = got.get(i);
            assertEquals(Set.of("timestamp", "tool", "chamber", "wafer", "step", "sensor", "value", "unit"),
                    HealthEndToEndTest.fields(g), g.toString());
            assertEquals(pseudonyms.get(s.tool()), g.get("tool").asText());
            assertEquals(s.value(), g.get("value").asDouble());
        }
    }

    @Test
    void theNamedRecipientsOffer_isNotOpenToAnotherParticipant() {
        DemoClient.Response r = demo.as(DemoCast.UNI_LAB).post("/v1/negotiations",
                "{\"datasetId\": \"tool-traces\", \"offerId\": \"maintenance\", \"purpose\": \"predictive-maintenance\"}");
        assertEquals(400, r.status(), r.text());
        assertEquals("/offerId", r.json().get("errors").get(0).get("pointer").asText());
    }

    @Test
    void theTerminatedAgreement_is403AgreementTerminated_withTheProvidersReason() {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.AI_LAB), outcome.maintenanceAgreement(), IndustryScenario.MAINTENANCE, "");
        assertEquals(403, r.status(), r.text());
        assertEquals("AGREEMENT_TERMINATED", r.json().get("reasons").get(0).get("code").asText());
        assertEquals(true, r.json().get("reasons").get(0).get("message").asText().contains("maintenance project closed early"), r.text());
        JsonNode agreed = demo.as(DemoCast.AI_LAB).get("/v1/agreements/" + outcome.maintenanceAgreement()).expect(200, "agreement");
        assertEquals("urn:sluis:participant:ai-lab", agreed.get("agreement").get("assignee").asText());
    }

    @Test
    void theLedger_verifiesWithTheLedgerCli() throws Exception {
        demo.assertLedgerVerifiesWithTheCli(dir);
    }
}
