package org.sluis.core.demo;

import static org.sluis.core.demo.Story.count;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The health part: the hospital publishes its patients and vital signs from its own HTTP endpoint
 * and records its patients' consent; the university lab gets pseudonymised records under an
 * auto-accepted agreement and is refused a use for another purpose; the public health service
 * gets only aggregates, pushed to its inbox after the hospital approves by hand; one patient's
 * revoked consent removes that patient's records from the next pull.
 */
final class HealthScenario {
    /** The research offer's purpose. */
    static final String RESEARCH = "scientific-research";
    /** The surveillance offer's purpose. */
    static final String PUBLIC_HEALTH = "public-health";
    /** The smallest group the public health service may see. */
    static final int MIN_GROUP = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What happened, for tests to check against the data.
     *
     * @param researchAgreement     the lab's agreement on {@code vital-signs}
     * @param cohortAgreement       the lab's agreement on {@code patients}
     * @param surveillanceAgreement the public health service's agreement, approved by hand
     * @param pushTransfer          the push of the aggregates to the public health service's inbox
     * @param revokedPatient        the patient whose consent was revoked
     * @param revokedConsent        that consent's id
     */
    record Outcome(String researchAgreement, String cohortAgreement, String surveillanceAgreement, String pushTransfer,
                   String revokedPatient, String revokedConsent) {
    }

    private final Map<String, DemoClient> cast;
    private final HealthData data;
    private final DemoEndpoints endpoints;
    private final String upstreamSecret;
    private final Story story;

    HealthScenario(Map<String, DemoClient> cast, HealthData data, DemoEndpoints endpoints, String upstreamSecret, Story story) {
        this.cast = cast;
        this.data = data;
        this.endpoints = endpoints;
        this.upstreamSecret = upstreamSecret;
        this.story = story;
    }

    /** The hospital publishes both datasets and records every patient's consent. */
    void publish() {
        DemoClient hospital = cast.get(DemoCast.HOSPITAL);
        URI base = endpoints.base();
        Moves.publish(hospital, """
                {"id": "vital-signs", "title": "Zonnehof vital signs (FHIR R4 Observation, flattened)", "domain": "health",
                 "description": "Blood pressure, HbA1c, BMI and glucose of Zonnehof's patients, one row per Observation",
                 "fields": [{"name": "resourceType", "type": "string", "sensitivity": "public"},
                            {"name": "id", "type": "string", "sensitivity": "public"},
                            {"name": "status", "type": "string", "sensitivity": "public"},
                            {"name": "patient", "type": "string", "sensitivity": "identifier"},
                            {"name": "code", "type": "string", "sensitivity": "public"},
                            {"name": "display", "type": "string", "sensitivity": "public"},
                            {"name": "effectiveDateTime", "type": "dateTime", "sensitivity": "quasi-identifier"},
                            {"name": "value", "type": "number", "sensitivity": "sensitive"},
                            {"name": "unit", "type": "string", "sensitivity": "public"},
                            {"name": "municipality", "type": "string", "sensitivity": "quasi-identifier"},
                            {"name": "ageBand", "type": "string", "sensitivity": "quasi-identifier"}],
                 "source": {"type": "http", "url": "%s", "format": "ndjson", "headers": {"Authorization": "Bearer %s"}},
                 "consent": {"mode": "opt-in", "subjectField": "patient"},
                 "offers": [{"id": "research", "template": "health-secondary-use", "autoAccept": true,
                             "parameters": {"purposes": ["scientific-research"], "retentionDays": 365, "pseudonymisedFields": ["patient"]}},
                            {"id": "surveillance", "autoAccept": false, "policy": {
                               "@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "profile": "https://sluis.example/odrl/profile/v1",
                               "permission": [{"action": "use",
                                 "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "public-health"}],
                                 "duty": [{"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/aggregate"}, "refinement": [
                                   {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf", "rightOperand": ["municipality", "code"]},
                                   {"leftOperand": "https://sluis.example/odrl/minGroupSize", "operator": "gteq", "rightOperand": %d}]}]}]}]}}]}
                """.formatted(base.resolve(DemoEndpoints.OBSERVATIONS), upstreamSecret, MIN_GROUP));
        Moves.publish(hospital, """
                {"id": "patients", "title": "Zonnehof patients (FHIR R4 Patient)", "domain": "health",
                 "description": "Demographics of Zonnehof's patients as FHIR R4 Patient resources",
                 "fields": [{"name": "resourceType", "type": "string", "sensitivity": "public"},
                            {"name": "id", "type": "string", "sensitivity": "identifier"},
                            {"name": "identifier", "type": "array", "sensitivity": "identifier"},
                            {"name": "active", "type": "boolean", "sensitivity": "public"},
                            {"name": "name", "type": "array", "sensitivity": "identifier"},
                            {"name": "telecom", "type": "array", "sensitivity": "identifier"},
                            {"name": "gender", "type": "string", "sensitivity": "quasi-identifier"},
                            {"name": "birthDate", "type": "date", "sensitivity": "quasi-identifier"},
                            {"name": "address", "type": "array", "sensitivity": "identifier"}],
                 "source": {"type": "http", "url": "%s", "format": "ndjson", "headers": {"Authorization": "Bearer %s"}},
                 "consent": {"mode": "opt-in", "subjectField": "id"},
                 "offers": [{"id": "cohort", "autoAccept": true, "policy": {
                   "@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "profile": "https://sluis.example/odrl/profile/v1",
                   "permission": [{"action": "use",
                     "constraint": [{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["scientific-research"]},
                                    {"leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "EU"}],
                     "duty": [{"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/pseudonymise"}, "refinement": [
                                {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf", "rightOperand": ["id"]}]}]},
                              {"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/drop"}, "refinement": [
                                {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf",
                                 "rightOperand": ["identifier", "name", "telecom", "address"]}]}]}]}]}}]}
                """.formatted(base.resolve(DemoEndpoints.PATIENTS), upstreamSecret));
        story.event(DemoCast.HOSPITAL, "published vital-signs (" + count(data.observations().size()) + " observations) and patients ("
                + count(data.patients().size()) + " FHIR Patients), both read from its own HTTP endpoint " + base
                + "/fhir/… with a bearer secret that only the exchange holds");
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode consents = batch.putArray("consents");
        for (HealthData.Patient p : data.patients()) {
            consents.addObject().put("subject", p.id()).put("category", "health").put("decision", p.optedOut() ? "deny" : "permit");
        }
        JsonNode recorded = hospital.post("/v1/consents", batch.toString()).expect(201, "recording consents");
        long denied = 0;
        for (JsonNode c : recorded.get("consents")) {
            denied += c.path("decision").asText().equals("deny") ? 1 : 0;
        }
        story.event(DemoCast.HOSPITAL, "recorded consent for " + count(recorded.get("consents").size()) + " patients in one batch: "
                + count(recorded.get("consents").size() - denied) + " permit, " + count(denied)
                + " opted out (both datasets are opt-in: only permitted patients' records pass)");
    }

    /** The lab, the public health service and a revocation. */
    Outcome play() {
        DemoClient lab = cast.get(DemoCast.UNI_LAB);
        DemoClient ggd = cast.get(DemoCast.GGD);
        DemoClient hospital = cast.get(DemoCast.HOSPITAL);

        JsonNode catalog = lab.get("/v1/catalog?domain=health").expect(200, "reading the catalog");
        List<String> offers = new java.util.ArrayList<>();
        catalog.get("items").forEach(d -> d.get("offers").forEach(o -> offers.add(d.get("id").asText() + "/" + o.get("id").asText())));
        story.event(DemoCast.UNI_LAB, "found in the health catalog: " + String.join(", ", offers));

        JsonNode research = Moves.negotiate(lab, "vital-signs", "research", RESEARCH);
        String researchAgreement = research.get("agreementId").asText();
        story.event(DemoCast.UNI_LAB, "requested vital-signs/research for " + RESEARCH + ": " + research.get("state").asText()
                + " at once (auto-accept), agreement " + researchAgreement + " signed by the exchange as notary");
        DemoClient.Response pulled = Moves.pull(lab, researchAgreement, RESEARCH, "");
        pulled.expect(200, "pulling vital-signs");
        List<JsonNode> records = Moves.ndjson(pulled.body());
        JsonNode transfer = Moves.transfer(lab, pulled.header("X-Sluis-Transfer-Id"));
        story.event(DemoCast.UNI_LAB, "pulled " + count(records.size()) + " of " + count(data.observations().size())
                + " observations (opted-out patients filtered out), patient ids pseudonymised (e.g. "
                + Moves.shortly(records.get(0).get("patient").asText()) + "), transfer " + transfer.get("id").asText() + " "
                + transfer.get("state").asText() + ", sha256 " + transfer.get("sha256").asText().substring(0, 12) + "…");

        JsonNode cohort = Moves.negotiate(lab, "patients", "cohort", RESEARCH);
        String cohortAgreement = cohort.get("agreementId").asText();
        DemoClient.Response patients = Moves.pull(lab, cohortAgreement, RESEARCH, "");
        patients.expect(200, "pulling patients");
        List<JsonNode> patientRecords = Moves.ndjson(patients.body());
        Set<String> delivered = new TreeSet<>();
        patientRecords.forEach(p -> p.fieldNames().forEachRemaining(delivered::add));
        story.event(DemoCast.UNI_LAB, "pulled " + count(patientRecords.size()) + " patients under agreement " + cohortAgreement
                + " with only the fields " + delivered + ": identifier, name, telecom and address dropped, id pseudonymised");

        DemoClient.Response wrong = Moves.pull(lab, researchAgreement, "marketing", "");
        story.event(DemoCast.UNI_LAB, "asked for vital-signs for marketing: refused " + Moves.refusal(wrong));

        JsonNode request = Moves.negotiate(ggd, "vital-signs", "surveillance", PUBLIC_HEALTH);
        String negotiation = request.get("id").asText();
        story.event(DemoCast.GGD, "requested vital-signs/surveillance for " + PUBLIC_HEALTH + ": " + request.get("state").asText()
                + " (this offer needs the hospital's approval), negotiation " + negotiation);
        int pending = 0;
        for (JsonNode n : hospital.get("/v1/negotiations").expect(200, "listing negotiations").get("items")) {
            pending += n.get("state").asText().equals("REQUESTED") ? 1 : 0;
        }
        JsonNode agreed = hospital.post("/v1/negotiations/" + negotiation + "/agree", null).expect(200, "approving " + negotiation);
        String surveillanceAgreement = agreed.get("agreementId").asText();
        story.event(DemoCast.HOSPITAL, "reviewed its " + pending + " pending request(s) and agreed: " + agreed.get("state").asText()
                + ", agreement " + surveillanceAgreement);
        JsonNode push = ggd.post("/v1/transfers", "{\"agreementId\": \"" + surveillanceAgreement + "\", \"purpose\": \"" + PUBLIC_HEALTH
                + "\", \"sinkUrl\": \"" + endpoints.base().resolve(DemoEndpoints.INBOX) + "\"}").expect(202, "pushing aggregates");
        String pushTransfer = push.get("id").asText();
        JsonNode pushed = Moves.awaitTransfer(ggd, pushTransfer);
        byte[] inbox = endpoints.received(pushTransfer);
        List<JsonNode> groups = inbox == null ? List.of() : Moves.ndjson(inbox);
        Set<List<String>> present = new HashSet<>();
        Set<String> consenting = new HashSet<>();
        data.patients().stream().filter(p -> !p.optedOut()).forEach(p -> consenting.add(p.id()));
        data.observations().stream().filter(o -> consenting.contains(o.patient()))
                .forEach(o -> present.add(List.of(o.municipality(), o.code())));
        long smallest = groups.stream().mapToLong(g -> g.get("count").asLong()).min().orElse(0);
        story.event(DemoCast.GGD, "received push " + pushTransfer + " (" + pushed.get("state").asText() + ", "
                + pushed.path("attempts").asInt() + " attempt(s)) in its inbox: " + groups.size() + " counts by municipality and test,"
                + " the smallest " + smallest + "; " + (present.size() - groups.size()) + " groups of fewer than " + MIN_GROUP
                + " observations suppressed");

        HealthData.Patient patient = data.patients().stream().filter(p -> !p.optedOut()
                && data.observations().stream().filter(o -> o.patient().equals(p.id())).count() >= 3).findFirst().orElseThrow();
        String consentId = null;
        for (JsonNode c : hospital.get("/v1/consents?subject=" + patient.id()).expect(200, "looking up a consent").get("items")) {
            if (c.path("decision").asText().equals("permit") && c.path("status").asText().equals("active")) {
                consentId = c.get("id").asText();
            }
        }
        if (consentId == null) {
            throw new IllegalStateException("expected a permit consent for " + patient.id() + ", found none");
        }
        hospital.post("/v1/consents/" + consentId + "/revoke", null).expect(200, "revoking " + consentId);
        story.event(DemoCast.HOSPITAL, "revoked consent " + consentId + " at the request of patient " + patient.id());
        long before = records.size();
        long after = before;
        long deadline = System.nanoTime() + 2_000_000_000L; // a revocation applies everywhere within a second
        while (after == before && System.nanoTime() < deadline) {
            DemoClient.Response again = Moves.pull(lab, researchAgreement, RESEARCH, "");
            again.expect(200, "pulling vital-signs again");
            after = Moves.ndjson(again.body()).size();
        }
        story.event(DemoCast.UNI_LAB, "pulled vital-signs again: " + count(after) + " observations, " + (before - after)
                + " fewer: " + patient.id() + "'s records are gone");
        return new Outcome(researchAgreement, cohortAgreement, surveillanceAgreement, pushTransfer, patient.id(), consentId);
    }
}
