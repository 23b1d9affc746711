package org.sluis.core.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The demo's generators: the same data for the same seed, in the shapes and proportions the scenario relies on. */
class DemoDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    class Health {
        final HealthData data = HealthData.generate(HealthData.PATIENTS, 7);

        @Test
        void theSameSeed_givesTheSameBytes_andAnotherSeedOtherBytes() {
            assertArrayEquals(data.patientsNdjson(), HealthData.generate(HealthData.PATIENTS, 7).patientsNdjson());
            assertArrayEquals(data.observationsNdjson(), HealthData.generate(HealthData.PATIENTS, 7).observationsNdjson());
            assertFalse(Arrays.equals(data.observationsNdjson(), HealthData.generate(HealthData.PATIENTS, 8).observationsNdjson()));
        }

        @Test
        void tenThousandPatients_aFewPercentOptedOut_oneToFiveObservationsEach() {
            assertEquals(10_000, data.patients().size());
            int optedOut = data.optedOut().size();
            assertTrue(optedOut > 200 && optedOut < 400, "about 3 %: " + optedOut);
            assertTrue(data.observations().size() > 25_000 && data.observations().size() < 35_000, "" + data.observations().size());
        }

        @Test
        void patientsAreFhirR4PatientResources() throws Exception {
            String first = new String(data.patientsNdjson(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
            JsonNode p = JSON.readTree(first);
            assertEquals("Patient", p.get("resourceType").asText());
            assertEquals("pat-000001", p.get("id").asText());
            assertTrue(p.get("name").get(0).get("given").isArray());
            assertTrue(p.get("birthDate").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
            assertTrue(p.get("gender").asText().matches("female|male"));
            assertEquals("NL", p.get("address").get(0).get("country").asText());
        }

        @Test
        void anAggregateByMunicipalityAndCode_hasGroupsBelowTen_andAboveIt() {
            var counts = data.observationsByMunicipalityAndCode().values();
            assertTrue(counts.stream().anyMatch(n -> n < 10), "some groups to suppress");
            assertTrue(counts.stream().filter(n -> n >= 10).count() > 20, "most groups delivered");
        }
    }

    @Nested
    class Mobility {
        @Test
        void theSameSeed_givesTheSameFleetAndTrips_andTheOdMatrixHasSmallCells() {
            MobilityData a = MobilityData.generate(MobilityData.VEHICLES, MobilityData.TRIPS, 7);
            assertEquals(a, MobilityData.generate(MobilityData.VEHICLES, MobilityData.TRIPS, 7));
            assertEquals(600, a.vehicles().size());
            assertEquals(20_000, a.trips().size());
            assertTrue(a.tripsByZones().values().stream().anyMatch(n -> n < 10));
            assertTrue(a.trips().get(0).tripId().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        }
    }

    @Nested
    class Industry {
        @Test
        void theSameSeed_givesTheSameTraces_andOneChamberDrifts() throws Exception {
            IndustryData a = IndustryData.generate(IndustryData.LOTS, 7);
            assertArrayEquals(a.ndjson(), IndustryData.generate(IndustryData.LOTS, 7).ndjson());
            assertEquals(40 * 25 * 5 * 4, a.samples().size());
            JsonNode s = JSON.readTree(new String(a.ndjson(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
            for (String field : new String[] {"tool", "chamber", "recipe", "lot", "wafer", "sensor", "value"}) {
                assertTrue(s.has(field), field + " in " + s);
            }
            double early = a.samples().stream().filter(x -> (x.tool() + "/" + x.chamber()).equals(IndustryData.DRIFTING)
                    && x.sensor().equals("chamber_pressure")).limit(20).mapToDouble(IndustryData.Sample::value).average().orElseThrow();
            double late = a.samples().stream().filter(x -> (x.tool() + "/" + x.chamber()).equals(IndustryData.DRIFTING)
                    && x.sensor().equals("chamber_pressure")).skip(200).mapToDouble(IndustryData.Sample::value).average().orElseThrow();
            assertTrue(late > early + 2, early + " then " + late);
        }
    }
}
