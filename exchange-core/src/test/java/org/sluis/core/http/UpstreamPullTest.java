package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.net.Cidr;
import org.sluis.core.identity.Role;

/** Pulls from a provider's real systems through the gate: an HTTP endpoint (secret and audit headers upstream, obligations applied, SSRF guard) and a PostgreSQL table. */
class UpstreamPullTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dataDir;
    static TestGateway allowing;
    static TestGateway guarded;
    static HttpServer upstream;
    static final Map<String, String> seen = new ConcurrentHashMap<>();
    /** NDJSON as a provider might write it: spaces, CRLF and a blank line, which parsing and writing again would normalise. */
    static final byte[] OPEN_DATA = "{\"stop\": \"Eindhoven\",  \"boardings\":41}\r\n\r\n{\"stop\":\"Best\", \"boardings\": 7}".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/cohort.csv", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            byte[] body = "patientId,age,diagnosis\r\np-1,41,I21\r\np-2,57,\"I10, E11\"\r\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.createContext("/open.ndjson", exchange -> {
            exchange.sendResponseHeaders(200, OPEN_DATA.length);
            exchange.getResponseBody().write(OPEN_DATA);
            exchange.close();
        });
        upstream.start();
        allowing = new TestGateway(dataDir.resolve("allowing"), c -> c.withAllowNetworks(List.of(Cidr.parse("127.0.0.0/8")))).start();
        guarded = new TestGateway(dataDir.resolve("guarded")).start();
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
        allowing.close();
        guarded.close();
    }

    /** Publishes the upstream as a dataset on {@code server} and returns a consumer's token and agreement. */
    static String[] agreement(TestGateway server) {
        ApiClient api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER);
        server.register("lab", Role.CONSUMER);
        ApiClient.Response r = api.post("/v1/datasets", server.tokenFor("hospital"), """
                {"id": "cohort", "title": "Cohort", "domain": "health",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "diagnosis", "type": "string", "sensitivity": "sensitive"}],
                 "source": {"type": "http", "url": "http://127.0.0.1:%d/cohort.csv", "format": "csv",
                            "headers": {"Authorization": "Bearer upstream-secret"}},
                 "offers": [{"id": "standard", "template": "health-secondary-use", "autoAccept": true, "parameters":
                   {"purposes": ["scientific-research"], "retentionDays": 30, "pseudonymisedFields": ["patientId"]}}]}
                """.formatted(upstream.getAddress().getPort()));
        assertEquals(201, r.status(), r.body());
        String lab = server.tokenFor("lab");
        String id = api.post("/v1/negotiations", lab, "{\"datasetId\": \"cohort\", \"offerId\": \"standard\", \"purpose\": \"scientific-research\"}")
                .json().get("agreementId").asText();
        return new String[] {lab, id};
    }

    /** A jdbc source reading {@code table} in the test database of {@code server}. */
    static ObjectNode tableSource(TestGateway server, String table) {
        ObjectNode source = JsonNodeFactory.instance.objectNode().put("type", "jdbc").put("url", server.db.url()).put("table", table);
        if (!server.db.user().isEmpty()) {
            source.put("user", server.db.user());
        }
        if (!server.db.password().isEmpty()) {
            source.put("password", server.db.password());
        }
        return source;
    }

    static HttpResponse<String> pull(TestGateway server, String token, String agreementId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/data/" + agreementId + "?purpose=scientific-research&fields=patientId,diagnosis"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anHttpUpstream_isReadWithItsSecretHeader_auditedUpstream_andDeliveredWithObligations() throws Exception {
        String[] la = agreement(allowing);
        HttpResponse<String> r = pull(allowing, la[0], la[1]);
        assertEquals(200, r.statusCode(), r.body());
        String[] lines = r.body().split("\n");
        assertEquals(2, lines.length, r.body());
        assertTrue(lines[1].contains("\"diagnosis\":\"I10, E11\""), r.body());
        // Pseudonyms are 43 base64url characters (which could contain "p-1" by chance); the age was not asked for.
        assertTrue(lines[0].matches("\\{\"patientId\":\"[A-Za-z0-9_-]{43}\",\"diagnosis\":\"I21\"}"), "pseudonymised and projected: " + r.body());
        assertEquals("Bearer upstream-secret", seen.get("authorization"));
        assertEquals(la[1], seen.get("x-sluis-agreement"));
        assertEquals("lab", seen.get("x-sluis-consumer"));
        assertEquals(r.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow(), seen.get("x-sluis-transfer"));
    }

    @Test
    void aPostgresTable_isPulledWithProjectionLimitAndResumePointPushedDown_andItsHostPassesTheGuard() throws Exception {
        try (Connection c = allowing.db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE provider_vitals (id bigint PRIMARY KEY, patient_id text NOT NULL, age integer, note text)");
            st.execute("INSERT INTO provider_vitals SELECT i, 'p-' || i, 40 + i, 'x' FROM generate_series(1, 5) AS i");
        }
        ApiClient api = new ApiClient(allowing.base);
        allowing.register("fab", Role.PROVIDER);
        allowing.register("ai-lab", Role.CONSUMER);
        ObjectNode source = tableSource(allowing, "provider_vitals");
        ApiClient.Response r = api.post("/v1/datasets", allowing.tokenFor("fab"), """
                {"id": "vitals-db", "title": "Vitals", "domain": "industry",
                 "fields": [{"name": "id", "type": "integer", "sensitivity": "public"}, {"name": "patient_id", "type": "string", "sensitivity": "public"},
                            {"name": "age", "type": "integer", "sensitivity": "public"}, {"name": "note", "type": "string", "sensitivity": "public"}],
                 "source": %s,
                 "offers": [{"id": "standard", "template": "open-research", "autoAccept": true, "parameters": {"attributionText": "x"}}]}
                """.formatted(source));
        assertEquals(201, r.status(), r.body());
        String lab = allowing.tokenFor("ai-lab");
        String id = api.post("/v1/negotiations", lab, "{\"datasetId\": \"vitals-db\", \"offerId\": \"standard\", \"purpose\": \"research\"}")
                .json().get("agreementId").asText();
        HttpResponse<String> first = HTTP.send(HttpRequest.newBuilder(allowing.base.resolve("/v1/data/" + id + "?purpose=research&fields=id,age&limit=2"))
                .header("Authorization", "Bearer " + lab).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"id\":1,\"age\":41}\n{\"id\":2,\"age\":42}\n", first.body());
        HttpResponse<String> rest = HTTP.send(HttpRequest.newBuilder(allowing.base.resolve("/v1/data/" + id + "?purpose=research&fields=id&since=3"))
                .header("Authorization", "Bearer " + lab).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"id\":4}\n{\"id\":5}\n", rest.body());
    }

    @Test
    void aPostgresTableUnderOptOutConsent_isFilteredInSql_evenWhenTheSubjectIsNotRequested_andTheLimitCountsWhatIsDelivered()
            throws Exception {
        try (Connection c = allowing.db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ward_vitals (id bigint PRIMARY KEY, patient_id text, bp integer)");
            st.execute("INSERT INTO ward_vitals SELECT i, 'w-' || i, 100 + i FROM generate_series(1, 6) AS i");
        }
        ApiClient api = new ApiClient(allowing.base);
        allowing.register("ward", Role.PROVIDER, Role.CUSTODIAN);
        allowing.register("epi-lab", Role.CONSUMER);
        ObjectNode source = tableSource(allowing, "ward_vitals");
        String ward = allowing.tokenFor("ward");
        assertEquals(201, api.post("/v1/datasets", ward, """
                {"id": "ward-vitals", "title": "Ward vitals", "domain": "health",
                 "fields": [{"name": "id", "type": "integer", "sensitivity": "public"},
                            {"name": "patient_id", "type": "string", "sensitivity": "identifier"},
                            {"name": "bp", "type": "integer", "sensitivity": "sensitive"}],
                 "source": %s, "consent": {"mode": "opt-out", "subjectField": "patient_id"},
                 "offers": [{"id": "standard", "template": "health-secondary-use", "autoAccept": true, "parameters":
                   {"purposes": ["scientific-research"], "retentionDays": 30, "pseudonymisedFields": ["patient_id"]}}]}
                """.formatted(source)).status());
        assertEquals(201, api.post("/v1/consents", ward, """
                {"consents": [{"subject": "w-1", "datasetId": "ward-vitals", "decision": "deny"},
                              {"subject": "w-3", "datasetId": "ward-vitals", "decision": "deny"}]}""").status());
        String lab = allowing.tokenFor("epi-lab");
        String id = api.post("/v1/negotiations", lab,
                "{\"datasetId\": \"ward-vitals\", \"offerId\": \"standard\", \"purpose\": \"scientific-research\"}")
                .json().get("agreementId").asText();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(allowing.base.resolve(
                "/v1/data/" + id + "?purpose=scientific-research&fields=id,bp&limit=3")).header("Authorization", "Bearer " + lab).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"id\":2,\"bp\":102}\n{\"id\":4,\"bp\":104}\n{\"id\":5,\"bp\":105}\n", r.body());
    }

    @Test
    void withoutRecordLevelObligations_theUpstreamsBytesPassThroughAsTheyAre_andTheirRecordsAreCounted() throws Exception {
        ApiClient api = new ApiClient(allowing.base);
        allowing.register("transit", Role.PROVIDER);
        allowing.register("city", Role.CONSUMER);
        assertEquals(201, api.post("/v1/datasets", allowing.tokenFor("transit"), """
                {"id": "boardings", "title": "Boardings", "domain": "mobility",
                 "fields": [{"name": "stop", "type": "string", "sensitivity": "public"},
                            {"name": "boardings", "type": "integer", "sensitivity": "public"}],
                 "source": {"type": "http", "url": "http://127.0.0.1:%d/open.ndjson", "format": "ndjson"},
                 "offers": [{"id": "open", "template": "open-research", "autoAccept": true, "parameters": {"attributionText": "x"}}]}
                """.formatted(upstream.getAddress().getPort())).status());
        String city = allowing.tokenFor("city");
        String id = api.post("/v1/negotiations", city, "{\"datasetId\": \"boardings\", \"offerId\": \"open\", \"purpose\": \"research\"}")
                .json().get("agreementId").asText();
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(allowing.base.resolve("/v1/data/" + id + "?purpose=research"))
                .header("Authorization", "Bearer " + city).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(OPEN_DATA, whole.body());
        JsonNode transfer = api.get("/v1/transfers/" + whole.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow(), city).json();
        assertEquals("completed", transfer.get("state").asText(), transfer.toString());
        assertEquals(2, transfer.get("records").asLong());
        assertEquals(OPEN_DATA.length, transfer.get("bytes").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(OPEN_DATA)), transfer.get("sha256").asText());

        HttpResponse<String> projected = HTTP.send(HttpRequest.newBuilder(allowing.base.resolve("/v1/data/" + id + "?purpose=research&fields=stop"))
                .header("Authorization", "Bearer " + city).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"stop\":\"Eindhoven\"}\n{\"stop\":\"Best\"}\n", projected.body(), "a projection is applied to parsed records");
    }

    @Test
    void aDatabaseOnLoopback_isRefusedByDefault_asABadGateway() throws Exception {
        ApiClient api = new ApiClient(guarded.base);
        guarded.register("plant", Role.PROVIDER);
        guarded.register("ml-lab", Role.CONSUMER);
        ObjectNode source = JsonNodeFactory.instance.objectNode().put("type", "jdbc").put("url", guarded.db.url()).put("table", "participant")
                .put("password", "db-secret");
        ApiClient.Response r = api.post("/v1/datasets", guarded.tokenFor("plant"), """
                {"id": "own-db", "title": "The exchange's own database", "domain": "industry",
                 "fields": [{"name": "id", "type": "string", "sensitivity": "public"}],
                 "source": %s,
                 "offers": [{"id": "standard", "template": "open-research", "autoAccept": true, "parameters": {"attributionText": "x"}}]}
                """.formatted(source));
        assertEquals(201, r.status(), r.body());
        String lab = guarded.tokenFor("ml-lab");
        String id = api.post("/v1/negotiations", lab, "{\"datasetId\": \"own-db\", \"offerId\": \"standard\", \"purpose\": \"research\"}")
                .json().get("agreementId").asText();
        HttpResponse<String> pulled = HTTP.send(HttpRequest.newBuilder(guarded.base.resolve("/v1/data/" + id + "?purpose=research"))
                .header("Authorization", "Bearer " + lab).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, pulled.statusCode(), pulled.body());
        assertTrue(!pulled.body().contains("db-secret") && !pulled.body().contains("operator"), pulled.body());
        assertTrue(pulled.body().contains("loopback"), "refused by the guard, not by the database: " + pulled.body());
    }

    @Test
    void anUpstreamOnLoopback_isRefusedByDefault_asABadGateway_andLoggedAsFailed() throws Exception {
        String[] la = agreement(guarded);
        HttpResponse<String> r = pull(guarded, la[0], la[1]);
        assertEquals(502, r.statusCode(), r.body());
        assertTrue(!r.body().contains("upstream-secret"), r.body());
        String transferId = r.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow();
        ApiClient.Response t = new ApiClient(guarded.base).get("/v1/transfers/" + transferId, la[0]);
        assertEquals("failed", t.json().get("state").asText(), t.body());
        assertEquals(0, t.json().get("bytes").asLong());
    }
}
