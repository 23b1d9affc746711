package org.sluis.core.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's mobility part end to end: the provider's PostgreSQL tables read through a {@code jdbc}
 * source, the MaaS operator's vehicle status as the table holds it, the lab's origin-destination
 * matrix with small cells suppressed, the refusals, and the ledger verified with the CLI.
 */
class MobilityEndToEndTest {
    @TempDir
    static Path dir;
    static DemoExchange demo;
    static MobilityData data;
    static MobilityScenario.Outcome outcome;

    @BeforeAll
    static void play() throws Exception {
        demo = new DemoExchange(dir.resolve("data"));
        data = MobilityData.generate(MobilityData.VEHICLES, MobilityData.TRIPS, DemoScenario.SEED);
        MobilityDatabase.Source db = MobilityDatabase.create(demo.exchange.dataSource(), data);
        MobilityScenario mobility = new MobilityScenario(demo.cast, data, db, demo.story, LocalDate.now(ZoneOffset.UTC));
        mobility.publish();
        outcome = mobility.play();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            MobilityDatabase.drop(demo.exchange.dataSource());
        } finally {
            demo.close();
        }
    }

    @Test
    void theMaasOperator_receivesEveryVehicleAsTheProvidersTableHasIt() {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.MAAS), outcome.maasAgreement(), MobilityScenario.ROUTE_PLANNING, "format=json");
        assertEquals(200, r.status(), r.text());
        Map<String, JsonNode> got = new HashMap<>();
        r.json().forEach(v -> got.put(v.get("vehicle_id").asText(), v));
        assertEquals(data.vehicles().size(), got.size());
        for (MobilityData.Vehicle v : data.vehicles()) {
            JsonNode g = got.get(v.vehicleId());
            assertEquals(v.lat(), g.get("lat").asDouble(), v.vehicleId());
            assertEquals(v.isReserved(), g.get("is_reserved").asBoolean());
            assertEquals(v.lastReported(), g.get("last_reported").asLong());
        }
    }

    @Test
    void theLab_receivesOnlyOriginDestinationCellsOfAtLeastTenTrips_andNoTripOrDeviceIds() {
        DemoClient.Response r = Moves.pull(demo.as(DemoCast.MOBILITY_LAB), outcome.odAgreement(), MobilityScenario.TRANSPORT_RESEARCH,
                "format=csv");
        assertEquals(200, r.status(), r.text());
        List<String> rows = new String(r.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals("start_zone,end_zone,count", rows.get(0));
        Map<List<String>, Long> got = rows.stream().skip(1).map(l -> l.split(","))
                .collect(Collectors.toMap(c -> List.of(c[0], c[1]), c -> Long.parseLong(c[2])));
        Map<List<String>, Long> expected = data.tripsByZones().entrySet().stream().filter(e -> e.getValue() >= MobilityScenario.MIN_GROUP)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertTrue(data.tripsByZones().size() - expected.size() >= 5, "cells to suppress exist");
        assertEquals(expected, got);
        assertTrue(!r.text().contains(data.trips().get(0).deviceId()));
    }

    @Test
    void anotherPurpose_isRefused_atContractingAndAtUse() {
        DemoClient.Response contract = demo.as(DemoCast.MAAS).post("/v1/negotiations",
                "{\"datasetId\": \"trips\", \"offerId\": \"od-matrix\", \"purpose\": \"route-planning\"}");
        assertEquals(400, contract.status(), contract.text());
        assertEquals("/purpose", contract.json().get("errors").get(0).get("pointer").asText());
        DemoClient.Response use = Moves.pull(demo.as(DemoCast.MOBILITY_LAB), outcome.odAgreement(), "advertising", "");
        assertEquals(403, use.status(), use.text());
        Set<String> codes = new TreeSet<>();
        use.json().get("reasons").forEach(c -> codes.add(c.get("code").asText()));
        assertEquals(Set.of("PURPOSE_NOT_PERMITTED"), codes);
    }

    @Test
    void theLedger_verifiesWithTheLedgerCli() throws Exception {
        demo.assertLedgerVerifiesWithTheCli(dir);
    }
}
