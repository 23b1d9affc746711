package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.ext.web.Route;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;

/**
 * {@code GET /metrics}: what the exchange did, in Prometheus text format, counted exactly. Each test
 * reads the exposition before and after its own requests and checks the difference, so the tests
 * do not depend on one another's order.
 */
class MetricsApiTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String REQUESTS = "sluis_http_server_requests_seconds_count";
    private static final String DECISIONS = "sluis_access_decisions_total";
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String lab;
    static String agreementId;
    /** Counted down when a request reaches {@code /test/never-answers}, which never answers. */
    static final CountDownLatch WAITING = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        server = new TestGateway(dataDir);
        // Test-only route, mounted before start so that it is a declared template that runs through the real handler chain.
        server.gateway.router().get("/test/never-answers").handler(ctx -> WAITING.countDown());
        server.start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
        server.register("lab", Role.CONSUMER);
        String hospital = server.tokenFor("hospital");
        lab = server.tokenFor("lab");
        Path files = server.config.filesRoot();
        Files.createDirectories(files);
        List<String> vitals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            vitals.add("{\"patientId\": \"p-" + i + "\", \"age\": " + (40 + i) + "}");
        }
        Files.write(files.resolve("vitals.ndjson"), vitals);
        ApiClient.Response published = api.post("/v1/datasets", hospital, """
                {"id": "vitals", "title": "Vitals", "domain": "health",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"}],
                 "source": {"type": "file", "path": "vitals.ndjson", "format": "ndjson"},
                 "consent": {"mode": "opt-out", "subjectField": "patientId"},
                 "offers": [{"id": "standard", "template": "health-secondary-use", "autoAccept": true, "parameters":
                   {"purposes": ["scientific-research"], "retentionDays": 30, "pseudonymisedFields": ["patientId"]}}]}
                """);
        assertEquals(201, published.status(), published.body());
        ApiClient.Response agreed = api.post("/v1/negotiations", lab,
                "{\"datasetId\": \"vitals\", \"offerId\": \"standard\", \"purpose\": \"scientific-research\"}");
        assertEquals("FINALIZED", agreed.json().get("state").asText(), agreed.body());
        agreementId = agreed.json().get("agreementId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> scrapeResponse() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Exposition scrape() throws Exception {
        HttpResponse<String> r = scrapeResponse();
        assertEquals(200, r.statusCode(), r.body());
        return Exposition.parse(r.body());
    }

    /**
     * The exposition once {@code series} of {@link #REQUESTS} has grown by {@code by} since {@code before}:
     * a request is counted when its response has ended, which the client may see a moment earlier.
     */
    static Exposition afterRequests(Exposition before, double by, String... series) throws Exception {
        double expected = before.valueOrZero(REQUESTS, series) + by;
        Exposition[] now = {scrape()};
        TestGateway.await(5, () -> {
            now[0] = scrape();
            return now[0].valueOrZero(REQUESTS, series) >= expected;
        });
        assertEquals(expected, now[0].valueOrZero(REQUESTS, series), "requests " + List.of(series));
        return now[0];
    }

    static ApiClient.Response decide(String purpose) {
        return api.post("/v1/decisions", lab, "{\"agreementId\": \"" + agreementId + "\", \"purpose\": \"" + purpose + "\"}");
    }

    @Nested
    class Exposed {
        @Test
        void metrics_answers200InPrometheusTextFormat_withoutAToken() throws Exception {
            HttpResponse<String> r = scrapeResponse();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            Exposition e = Exposition.parse(r.body());
            assertFalse(e.samples().isEmpty());
            assertEquals(Optional.of("histogram"), e.typeOf(REQUESTS));
            assertEquals(Optional.of("counter"), e.typeOf(DECISIONS));
        }

        @Test
        void bothConnectionPools_reportTheirSizeAndUse() throws Exception {
            Exposition e = scrape();
            assertEquals(server.config.dbPoolSize(), e.find("hikaricp_connections_max", "pool", "sluis-db").orElseThrow());
            assertEquals(4.0, e.find("hikaricp_connections_max", "pool", "sluis-ledger").orElseThrow());
            for (String pool : List.of("sluis-db", "sluis-ledger")) {
                for (String gauge : List.of("hikaricp_connections", "hikaricp_connections_active", "hikaricp_connections_idle",
                        "hikaricp_connections_pending")) {
                    assertTrue(e.find(gauge, "pool", pool).isPresent(), gauge + " of " + pool);
                }
                assertTrue(e.find("hikaricp_connections_acquire_seconds_count", "pool", pool).orElseThrow() > 0,
                        pool + " has handed out connections");
            }
        }
    }

    @Nested
    class Counted {
        @Test
        void aPermitADenialAndAPull_moveTheirCountersByExactlyThat_labelledByRouteTemplateNeverById() throws Exception {
            Exposition before = scrape();

            assertEquals(200, decide("scientific-research").status());
            assertEquals(403, decide("marketing").status());
            HttpResponse<byte[]> pulled = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/data/" + agreementId
                    + "?purpose=scientific-research")).header("Authorization", "Bearer " + lab).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pulled.statusCode());

            Exposition after = afterRequests(before, 1, "route", "/v1/data/:agreementId", "method", "GET", "status", "200");
            for (String[] series : List.of(new String[] {"route", "/v1/decisions", "method", "POST", "status", "200"},
                    new String[] {"route", "/v1/decisions", "method", "POST", "status", "403"})) {
                assertEquals(before.valueOrZero(REQUESTS, series) + 1, after.valueOrZero(REQUESTS, series), List.of(series).toString());
            }
            // The pull is decided by the same gate: two permits, one denial.
            assertEquals(before.valueOrZero(DECISIONS, "outcome", "permit") + 2, after.valueOrZero(DECISIONS, "outcome", "permit"));
            assertEquals(before.valueOrZero(DECISIONS, "outcome", "deny") + 1, after.valueOrZero(DECISIONS, "outcome", "deny"));
            String[] completedPull = {"direction", "pull", "state", "completed"};
            assertEquals(before.valueOrZero("sluis_transfers_total", completedPull) + 1, after.valueOrZero("sluis_transfers_total", completedPull));
            assertEquals(before.valueOrZero("sluis_transfer_bytes_total", completedPull) + pulled.body().length,
                    after.valueOrZero("sluis_transfer_bytes_total", completedPull), "the bytes the consumer received");

            assertTrue(after.find("sluis_ledger_batch_entries_count").orElseThrow() > 0, "group commits were measured");
            assertTrue(after.find("sluis_ledger_batch_entries_sum").orElseThrow() >= after.find("sluis_ledger_batch_entries_count").orElseThrow());
            assertTrue(after.find("sluis_ledger_append_seconds_count").orElseThrow() > before.valueOrZero("sluis_ledger_append_seconds_count"),
                    "the decisions' entries were timed");
            assertTrue(after.find("sluis_ledger_queue_size").isPresent());

            assertFalse(scrapeResponse().body().contains(agreementId), "no agreement id anywhere");
            for (Exposition.Sample s : after.samples()) {
                for (String value : s.labels().values()) {
                    assertFalse(value.contains("lab") || value.contains("hospital") || value.contains("vitals"),
                            "no participant or dataset in a label: " + s);
                }
            }
            assertTrue(after.labelValues(REQUESTS, "route").stream().allMatch(r -> r.equals(RequestMetrics.UNMATCHED) || r.startsWith("/")),
                    after.labelValues(REQUESTS, "route").toString());
        }

        @Test
        void aDecisionOnAnAgreementThatIsNotTheCallers_isCountedAsTheDenialItIsLoggedAs() throws Exception {
            Exposition before = scrape();
            ApiClient.Response r = api.post("/v1/decisions", lab, "{\"agreementId\": \"no-such-agreement\", \"purpose\": \"scientific-research\"}");
            assertEquals(404, r.status(), r.body());
            Exposition after = afterRequests(before, 1, "route", "/v1/decisions", "method", "POST", "status", "404");
            assertEquals(before.valueOrZero(DECISIONS, "outcome", "deny") + 1, after.valueOrZero(DECISIONS, "outcome", "deny"));
            assertEquals(before.valueOrZero(DECISIONS, "outcome", "permit"), after.valueOrZero(DECISIONS, "outcome", "permit"));
        }

        @Test
        void aRequestThatFails_isCountedUnderItsRouteTemplate_withItsStatus() throws Exception {
            Exposition before = scrape();
            ApiClient.Response unreadable = api.post("/v1/decisions", lab, "{\"agreementId\": ");
            assertEquals(400, unreadable.status(), unreadable.body());
            assertEquals(401, api.get("/v1/transfers/" + agreementId, null).status());

            afterRequests(before, 1, "route", "/v1/decisions", "method", "POST", "status", "400");
            afterRequests(before, 1, "route", "/v1/transfers/:id", "method", "GET", "status", "401");
        }

        @Test
        void aRequestWhoseClientLeavesBeforeAnyStatus_isCounted499_notThe200VertxStartsWith() throws Exception {
            Exposition before = scrape();
            try (Socket client = new Socket(server.base.getHost(), server.base.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write("GET /test/never-answers HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertTrue(WAITING.await(10, TimeUnit.SECONDS), "the request reached its handler");
            }
            afterRequests(before, 1, "route", "/test/never-answers", "method", "GET", "status", "499");
            assertEquals(0.0, scrape().valueOrZero(REQUESTS, "route", "/test/never-answers", "status", "200"));
        }

        @Test
        void aPathNoRouteDeclares_isCountedAsUnmatched_withoutThePath() throws Exception {
            Exposition before = scrape();
            assertEquals(404, api.get("/no/such/place-8472", null).status());
            afterRequests(before, 1, "route", RequestMetrics.UNMATCHED, "method", "GET", "status", "404");
            assertFalse(scrapeResponse().body().contains("place-8472"));
        }
    }

    @Test
    void everyDeclaredRoute_isTheTemplateOfAPathMadeFromIt() {
        List<String> declared = server.gateway.router().getRoutes().stream().map(Route::getPath).filter(Objects::nonNull).toList();
        RouteTemplates templates = new RouteTemplates(declared);
        for (String template : declared) {
            String path = template.replaceAll(":[A-Za-z]+", "x-1");
            assertEquals(template, templates.match(path), path);
        }
    }
}
