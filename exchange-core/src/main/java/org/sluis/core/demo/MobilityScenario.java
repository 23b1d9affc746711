package org.sluis.core.demo;

import static org.sluis.core.demo.Story.count;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The mobility part: the shared-mobility provider publishes its fleet status and trips from its own
 * PostgreSQL database; the MaaS operator gets live vehicle status under a {@code mobility-maas}
 * contract; the mobility lab gets an origin-destination matrix in which cells of fewer than
 * {@value #MIN_GROUP} trips are suppressed; the MaaS operator is refused the lab's offer.
 */
final class MobilityScenario {
    /** The MaaS operator's purpose. */
    static final String ROUTE_PLANNING = "route-planning";
    /** The mobility lab's purpose. */
    static final String TRANSPORT_RESEARCH = "transport-research";
    /** The smallest origin-destination cell the lab may see. */
    static final int MIN_GROUP = 10;

    /**
     * What happened.
     *
     * @param maasAgreement the MaaS operator's agreement on {@code vehicle-status}
     * @param odAgreement   the lab's agreement on {@code trips}
     */
    record Outcome(String maasAgreement, String odAgreement) {
    }

    private final Map<String, DemoClient> cast;
    private final MobilityData data;
    private final MobilityDatabase.Source database;
    private final Story story;
    private final LocalDate today;

    MobilityScenario(Map<String, DemoClient> cast, MobilityData data, MobilityDatabase.Source database, Story story, LocalDate today) {
        this.cast = cast;
        this.data = data;
        this.database = database;
        this.story = story;
        this.today = today;
    }

    /** The provider publishes both tables. */
    void publish() {
        DemoClient zoef = cast.get(DemoCast.ZOEF);
        String source = "\"source\": {\"type\": \"jdbc\", \"url\": \"%s\", \"user\": \"%s\", \"password\": \"%s\", \"table\": \"%s\"}";
        Moves.publish(zoef, """
                {"id": "vehicle-status", "title": "Zoef vehicle status (GBFS vehicle_status)", "domain": "mobility",
                 "fields": [{"name": "vehicle_id", "type": "string", "sensitivity": "public"},
                            {"name": "lat", "type": "number", "sensitivity": "public"},
                            {"name": "lon", "type": "number", "sensitivity": "public"},
                            {"name": "is_reserved", "type": "boolean", "sensitivity": "public"},
                            {"name": "is_disabled", "type": "boolean", "sensitivity": "public"},
                            {"name": "vehicle_type_id", "type": "string", "sensitivity": "public"},
                            {"name": "current_range_meters", "type": "integer", "sensitivity": "public"},
                            {"name": "last_reported", "type": "integer", "sensitivity": "public"}],
                 %s,
                 "offers": [{"id": "maas", "template": "mobility-maas", "autoAccept": true, "parameters":
                   {"purpose": "route-planning", "from": "%s", "until": "%s", "requestsPerDay": 10000, "region": "NL"}}]}
                """.formatted(source.formatted(database.url(), database.user(), database.password(), "vehicle_status"),
                today.minusDays(30), today.plusYears(1)));
        Moves.publish(zoef, """
                {"id": "trips", "title": "Zoef trips (MDS-like, by zone)", "domain": "mobility",
                 "fields": [{"name": "trip_id", "type": "string", "sensitivity": "identifier"},
                            {"name": "device_id", "type": "string", "sensitivity": "identifier"},
                            {"name": "vehicle_type", "type": "string", "sensitivity": "public"},
                            {"name": "start_time", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "end_time", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "trip_duration", "type": "integer", "sensitivity": "public"},
                            {"name": "trip_distance", "type": "integer", "sensitivity": "public"},
                            {"name": "start_zone", "type": "string", "sensitivity": "quasi-identifier"},
                            {"name": "end_zone", "type": "string", "sensitivity": "quasi-identifier"}],
                 %s,
                 "offers": [{"id": "od-matrix", "autoAccept": true, "policy": {
                   "@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "profile": "https://sluis.example/odrl/profile/v1",
                   "permission": [{"action": "use",
                     "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "transport-research"}],
                     "duty": [{"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/aggregate"}, "refinement": [
                       {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf", "rightOperand": ["start_zone", "end_zone"]},
                       {"leftOperand": "https://sluis.example/odrl/minGroupSize", "operator": "gteq", "rightOperand": %d}]}]}]}]}}]}
                """.formatted(source.formatted(database.url(), database.user(), database.password(), "trips"), MIN_GROUP));
        story.event(DemoCast.ZOEF, "published vehicle-status (" + count(data.vehicles().size()) + " vehicles) and trips ("
                + count(data.trips().size()) + " trips), both read from its own PostgreSQL database " + database.user()
                + " as its own role");
    }

    /** The MaaS operator and the mobility lab. */
    Outcome play() {
        DemoClient maas = cast.get(DemoCast.MAAS);
        DemoClient lab = cast.get(DemoCast.MOBILITY_LAB);

        JsonNode n = Moves.negotiate(maas, "vehicle-status", "maas", ROUTE_PLANNING);
        String maasAgreement = n.get("agreementId").asText();
        DemoClient.Response status = Moves.pull(maas, maasAgreement, ROUTE_PLANNING, "format=json");
        JsonNode vehicles = status.expect(200, "pulling vehicle-status");
        long available = 0;
        for (JsonNode v : vehicles) {
            available += !v.get("is_reserved").asBoolean() && !v.get("is_disabled").asBoolean() ? 1 : 0;
        }
        story.event(DemoCast.MAAS, "agreed on vehicle-status/maas (mobility-maas, " + ROUTE_PLANNING + ", region NL) as " + maasAgreement
                + " and pulled " + count(vehicles.size()) + " vehicles as JSON, " + count(available) + " available to riders");

        DemoClient.Response refused = maas.post("/v1/negotiations",
                "{\"datasetId\": \"trips\", \"offerId\": \"od-matrix\", \"purpose\": \"" + ROUTE_PLANNING + "\"}");
        story.event(DemoCast.MAAS, "asked for trips/od-matrix for " + ROUTE_PLANNING + ": refused " + Moves.refusal(refused));

        JsonNode od = Moves.negotiate(lab, "trips", "od-matrix", TRANSPORT_RESEARCH);
        String odAgreement = od.get("agreementId").asText();
        DemoClient.Response matrix = Moves.pull(lab, odAgreement, TRANSPORT_RESEARCH, "format=csv");
        matrix.expect(200, "pulling the OD matrix");
        List<String> rows = new String(matrix.body(), StandardCharsets.UTF_8).lines().toList();
        long trips = rows.stream().skip(1).mapToLong(r -> Long.parseLong(r.substring(r.lastIndexOf(',') + 1))).sum();
        int cells = data.tripsByZones().size();
        story.event(DemoCast.MOBILITY_LAB, "agreed on trips/od-matrix as " + odAgreement + " and pulled a CSV origin-destination matrix ("
                + rows.get(0) + "): " + (rows.size() - 1) + " cells covering " + count(trips) + " trips; " + (cells - rows.size() + 1)
                + " cells of fewer than " + MIN_GROUP + " trips suppressed, no trip or device id left the exchange");
        return new Outcome(maasAgreement, odAgreement);
    }
}
