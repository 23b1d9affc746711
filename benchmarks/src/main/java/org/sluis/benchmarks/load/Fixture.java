package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.identity.CsrBuilder;

/**
 * What the workload runs on, made through the API before it starts: participants with tokens,
 * the source files, the datasets and the first agreements.
 *
 * <ul>
 *   <li>{@code hospital} (provider and custodian) publishes {@code cohort} (opt-out, {@value #SUBJECTS}
 *       subjects, the {@code health-secondary-use} template), {@code probe} (opt-in, one record per
 *       probe subject, for the revocation probes) and two datasets whose offers allow a fixed number
 *       of uses ({@code count lteq N}): {@code metered-burst} and {@code metered-steady}.</li>
 *   <li>{@value #LABS} consumers {@code lab-1}…; {@code lab-1} holds the probe and metered agreements.</li>
 * </ul>
 */
final class Fixture {
    /** Subjects {@code p-0}… of the cohort. */
    static final int SUBJECTS = 200;
    /** Consumers registered before the workload. */
    static final int LABS = 4;
    /** The purpose every agreement here is made and used for. */
    static final String PURPOSE = "scientific-research";
    /** The probe subject whose permit is never revoked: a pull under the probe agreement always carries it. */
    static final String ANCHOR = "probe-anchor";
    /** Probe subjects {@code probe-0}…, one per probe. */
    static final int PROBES = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEALTH_OFFER = """
            [{"id": "standard", "template": "health-secondary-use", "autoAccept": true, "parameters":
              {"purposes": ["scientific-research", "public-health"], "retentionDays": 30, "pseudonymisedFields": ["patientId"]}}]""";

    final String operator;
    final String hospital;
    final List<String> labs = new ArrayList<>();
    String probeAgreement;
    MeteredAgreement burst;
    MeteredAgreement steady;
    final List<String> cohortAgreements = new ArrayList<>();

    private final ExchangeHttp http;

    private Fixture(ExchangeHttp http, String operator, String hospital) {
        this.http = http;
        this.operator = operator;
        this.hospital = hospital;
    }

    /**
     * Sets everything up through {@code lb}, logging in as the operator with the credentials the
     * exchange left in {@code dataDir}, and writing the source files into {@code filesRoot}.
     *
     * @throws IllegalStateException when a step is refused; the workload cannot run without it
     */
    static Fixture create(ExchangeHttp http, URI lb, Path dataDir, Path filesRoot, int burstLimit, int steadyLimit)
            throws IOException, InterruptedException {
        writeFiles(filesRoot);
        String operator = ClientCredentials.load(dataDir.resolve("operator.key.pem"), dataDir.resolve("operator.cert.pem")).fetchToken(lb);
        String hospital = register(http, lb, operator, "hospital", Set.of("PROVIDER", "CUSTODIAN")).fetchToken(lb);
        Fixture f = new Fixture(http, operator, hospital);
        for (int i = 1; i <= LABS; i++) {
            f.labs.add(register(http, lb, operator, "lab-" + i, Set.of("CONSUMER")).fetchToken(lb));
        }
        f.publish(fileDataset("cohort", "cohort.ndjson", "opt-out", HEALTH_OFFER));
        f.publish(fileDataset("probe", "probe.ndjson", "opt-in", HEALTH_OFFER));
        f.publish(metered("metered-burst", burstLimit));
        f.publish(metered("metered-steady", steadyLimit));
        f.recorded(http.send("lb", "setup", "POST", "/v1/consents", hospital,
                "{\"consents\": [{\"subject\": \"" + ANCHOR + "\", \"datasetId\": \"probe\", \"decision\": \"permit\"}]}", Set.of(201)).join());
        String lab1 = f.labs.get(0);
        f.probeAgreement = f.negotiate(lab1, "probe");
        f.burst = new MeteredAgreement("metered-burst", f.negotiate(lab1, "metered-burst"), burstLimit);
        f.steady = new MeteredAgreement("metered-steady", f.negotiate(lab1, "metered-steady"), steadyLimit);
        for (String lab : f.labs) {
            f.cohortAgreements.add(f.negotiate(lab, "cohort"));
        }
        return f;
    }

    /** The token of consumer {@code lab-(i+1)}. */
    String lab(int i) {
        return labs.get(i);
    }

    /** Registers a participant (journaled and acknowledged like any other call) and returns its credentials. */
    static ClientCredentials register(ExchangeHttp http, URI lb, String operator, String id, Set<String> roles) {
        KeyPair key = CsrBuilder.generateKey("EC");
        Reply reply = http.send("lb", "setup", "POST", "/v1/participants", operator, registration(id, key, roles), Set.of(201)).join();
        requireOk(reply);
        http.journal().acknowledged(Ack.of(reply.requestId(), "participant.registered", Map.of("participant", id)));
        StringBuilder pem = new StringBuilder(reply.json().path("certificate").asText());
        reply.json().path("caChain").forEach(c -> pem.append('\n').append(c.asText()));
        return new ClientCredentials(id, key.getPrivate(), certificates(pem.toString()));
    }

    /** The body of a registration of {@code id} in region NL-NH with {@code roles} and a CSR for {@code key}. */
    static String registration(String id, KeyPair key, Set<String> roles) {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("name", "Org " + id).put("registrationNumber", "41215422")
                .put("region", "NL-NH").put("csr", CsrBuilder.csr(key, id));
        ArrayNode r = body.putArray("roles");
        roles.stream().sorted().forEach(r::add);
        return body.toString();
    }

    /** A file dataset of the cohort's layout under {@code offers}. */
    static String fileDataset(String id, String path, String consentMode, String offers) {
        return """
                {"id": "%s", "title": "Synthetic %s", "domain": "health",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "value", "type": "number", "sensitivity": "sensitive"},
                            {"name": "ref", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "%s", "format": "ndjson"},
                 "consent": {"mode": "%s", "subjectField": "patientId"},
                 "offers": %s}
                """.formatted(id, id, path, consentMode, offers);
    }

    /** The cohort's layout with the standard health offer: what providers publish during the run. */
    static String cohortLike(String id) {
        return fileDataset(id, "cohort.ndjson", "opt-out", HEALTH_OFFER);
    }

    private static String metered(String id, int uses) {
        return """
                {"id": "%s", "title": "Metered trips", "domain": "mobility",
                 "fields": [{"name": "tripId", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "trips.ndjson", "format": "ndjson"},
                 "offers": [{"id": "standard", "autoAccept": true,
                             "policy": {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
                                        "permission": [{"action": "use", "constraint": [
                                          {"leftOperand": "count", "operator": "lteq", "rightOperand": %d}]}]}}]}
                """.formatted(id, uses);
    }

    private void publish(String dataset) {
        Reply reply = http.send("lb", "setup", "POST", "/v1/datasets", hospital, dataset, Set.of(201)).join();
        requireOk(reply);
        http.journal().acknowledged(Ack.of(reply.requestId(), "dataset.published", Map.of("datasetId", reply.json().path("id").asText())));
    }

    private String negotiate(String token, String dataset) {
        Reply reply = http.send("lb", "setup", "POST", "/v1/negotiations", token,
                "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"standard\", \"purpose\": \"" + PURPOSE + "\"}", Set.of(201)).join();
        requireOk(reply);
        String agreement = reply.json().path("agreementId").asText();
        http.journal().acknowledged(Ack.of(reply.requestId(), "agreement.signed", Map.of("agreementId", agreement)));
        return agreement;
    }

    private void recorded(Reply reply) {
        requireOk(reply);
        reply.json().path("consents").forEach(c -> http.journal().acknowledged(Ack.of(reply.requestId(), "consent.changed",
                Map.of("consentId", c.path("id").asText(), "decision", c.path("decision").asText()))));
    }

    private static void requireOk(Reply reply) {
        if (!reply.ok()) {
            throw new IllegalStateException("setup call " + reply.call().operation() + " " + reply.requestId() + " was refused: "
                    + (reply.call().failure() != null ? reply.call().failure() : reply.status() + " " + reply.text()));
        }
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> out.add((X509Certificate) c));
            return out;
        } catch (CertificateException e) {
            throw new IllegalStateException("the exchange answered a registration with certificates that do not parse: " + e.getMessage(), e);
        }
    }

    private static void writeFiles(Path root) throws IOException {
        Files.createDirectories(root);
        StringBuilder cohort = new StringBuilder();
        for (int i = 0; i < 3 * SUBJECTS; i++) {
            cohort.append("{\"patientId\": \"p-").append(i % SUBJECTS).append("\", \"age\": ").append(20 + i % 70)
                    .append(", \"value\": ").append(i).append(", \"ref\": \"r-").append(i).append("\"}\n");
        }
        Files.writeString(root.resolve("cohort.ndjson"), cohort);
        StringBuilder probe = new StringBuilder();
        List<String> subjects = new ArrayList<>(List.of(ANCHOR));
        for (int i = 0; i < PROBES; i++) {
            subjects.add("probe-" + i);
        }
        for (String s : subjects) {
            // ref repeats the subject in the clear: patientId leaves pseudonymised, and the probe must see whose record came
            probe.append("{\"patientId\": \"").append(s).append("\", \"age\": 40, \"value\": 1, \"ref\": \"").append(s).append("\"}\n");
        }
        Files.writeString(root.resolve("probe.ndjson"), probe);
        StringBuilder trips = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            trips.append("{\"tripId\": \"t-").append(i).append("\"}\n");
        }
        Files.writeString(root.resolve("trips.ndjson"), trips);
    }

    /** Whether {@code body} (NDJSON) holds a record whose {@code ref} is {@code ref}. */
    static boolean holdsRef(String body, String ref) {
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode record = JSON.readTree(line);
                if (record.path("ref").asText().equals(ref)) {
                    return true;
                }
            } catch (IOException e) {
                throw new IllegalStateException("a pull delivered a line that is not JSON: " + line, e);
            }
        }
        return false;
    }
}
