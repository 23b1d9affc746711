package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.net.Cidr;
import org.sluis.core.identity.Role;

/** A pull from a provider's real HTTP endpoint through the gate: secret header and audit headers upstream, obligations applied, SSRF guard. */
class UpstreamPullTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dataDir;
    static TestGateway allowing;
    static TestGateway guarded;
    static HttpServer upstream;
    static final Map<String, String> seen = new ConcurrentHashMap<>();

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
        assertTrue(!r.body().contains("p-1") && !r.body().contains("\"age\""), "pseudonymised and projected: " + r.body());
        assertEquals("Bearer upstream-secret", seen.get("authorization"));
        assertEquals(la[1], seen.get("x-sluis-agreement"));
        assertEquals("lab", seen.get("x-sluis-consumer"));
        assertEquals(r.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow(), seen.get("x-sluis-transfer"));
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
