package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.net.Cidr;
import org.sluis.core.identity.Role;

/** {@code POST /v1/transfers}: pushes delivered in the background with retries and one idempotency key, behind the SSRF guard. */
class PushApiTest {
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static TestGateway guarded;
    static ApiClient api;
    static String lab;
    static HttpServer sink;
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    static final Map<String, byte[]> delivered = new ConcurrentHashMap<>();
    static final List<String> keys = new CopyOnWriteArrayList<>();
    static final AtomicBoolean outage = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        server = new TestGateway(dataDir, c -> c.withAllowNetworks(List.of(Cidr.parse("127.0.0.0/8")))).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER);
        server.register("lab", Role.CONSUMER);
        lab = server.tokenFor("lab");
        Files.createDirectories(server.config.filesRoot());
        Files.write(server.config.filesRoot().resolve("trips.ndjson"), List.of("{\"tripId\": \"t-1\", \"km\": 3}", "{\"tripId\": \"t-2\", \"km\": 7}"));
        ApiClient.Response r = api.post("/v1/datasets", server.tokenFor("hospital"), """
                {"id": "trips", "title": "Trips", "domain": "mobility",
                 "fields": [{"name": "tripId", "type": "string", "sensitivity": "public"}, {"name": "km", "type": "number", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "trips.ndjson", "format": "ndjson"},
                 "offers": [{"id": "standard", "template": "open-research", "autoAccept": true, "parameters": {"attributionText": "x"}}]}""");
        assertEquals(201, r.status(), r.body());
        sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/inbox", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            keys.add(key + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            int status = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= 2 || outage.get() ? 503 : 201;
            if (status == 201) {
                delivered.merge(key, body, (a, b) -> a); // a real sink keeps the first delivery per key
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        sink.start();
    }

    @AfterAll
    static void stop() {
        sink.stop(0);
        server.close();
    }

    static String agreement() {
        ApiClient.Response r = api.post("/v1/negotiations", lab, "{\"datasetId\": \"trips\", \"offerId\": \"standard\", \"purpose\": \"route-planning\"}");
        return r.json().get("agreementId").asText();
    }

    @Test
    void aSinkThatFailsTwice_getsTheDataOnTheThirdAttempt_onceUnderOneIdempotencyKey() throws Exception {
        String body = "{\"agreementId\": \"" + agreement() + "\", \"purpose\": \"route-planning\", \"sinkUrl\": \"http://127.0.0.1:"
                + sink.getAddress().getPort() + "/inbox\", \"headers\": {\"Authorization\": \"Bearer sink-secret\"}}";
        ApiClient.Response r = api.post("/v1/transfers", lab, body);
        assertEquals(202, r.status(), r.body());
        String id = r.json().get("id").asText();
        TestGateway.await(15, () -> api.get("/v1/transfers/" + id, lab).json().get("state").asText().equals("completed"));
        JsonNode t = api.get("/v1/transfers/" + id, lab).json();
        assertEquals(3, t.get("attempts").asInt());
        List<String> mine = keys.stream().filter(k -> k.startsWith(id + " ")).toList();
        assertEquals(3, mine.size(), keys.toString());
        assertTrue(mine.stream().allMatch(k -> k.equals(id + " Bearer sink-secret")), mine.toString());
        byte[] got = delivered.get(id);
        // No record-level obligation: the file's own bytes pass through as they are.
        assertEquals("{\"tripId\": \"t-1\", \"km\": 3}\n{\"tripId\": \"t-2\", \"km\": 7}\n", new String(got, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got)), t.get("sha256").asText());
        assertEquals(2, t.get("records").asLong());
        assertTrue(!r.body().contains("sink-secret") && !api.get("/v1/transfers/" + id, lab).body().contains("sink-secret"));
    }

    @Test
    void aPushAcceptedByAnInstanceThatStops_isDeliveredAfterwards_underTheSameKey() throws Exception {
        outage.set(true);
        String id;
        try (TestGateway accepting = new TestGateway(server, c -> c.withAllowNetworks(List.of(Cidr.parse("127.0.0.0/8")))).start()) {
            ApiClient there = new ApiClient(accepting.base);
            ApiClient.Response r = there.post("/v1/transfers", lab, "{\"agreementId\": \"" + agreement() + "\", \"purpose\": \"route-planning\","
                    + " \"sinkUrl\": \"http://127.0.0.1:" + sink.getAddress().getPort() + "/inbox\"}");
            assertEquals(202, r.status(), r.body());
            id = r.json().get("id").asText();
            String accepted = id;
            TestGateway.await(10, () -> there.get("/v1/transfers/" + accepted, lab).json().get("attempts").asInt() >= 1);
        }
        outage.set(false);
        String pending = id;
        TestGateway.await(20, () -> api.get("/v1/transfers/" + pending, lab).json().get("state").asText().equals("completed"));
        assertTrue(delivered.containsKey(id), "delivered by the instance still running");
        assertTrue(keys.stream().filter(k -> k.startsWith(id + " ")).count() >= 2, keys.toString());
        assertEquals(1, api.get("/v1/ledger/entries?kind=transfer.completed", server.tokenFor("operator")).json().get("items").findValues("transfer")
                .stream().filter(t -> t.asText().equals(pending)).count(), "one completion entry");
    }

    @Test
    void sinksOnLoopbackLinkLocalOrPrivateNetworks_areRefusedByDefault() {
        try (TestGateway plain = new TestGateway(dataDir.resolve("plain")).start()) {
            ApiClient client = new ApiClient(plain.base);
            plain.register("hospital", Role.PROVIDER);
            plain.register("lab", Role.CONSUMER);
            String consumer = plain.tokenFor("lab");
            for (String url : Set.of("http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/x", "http://localhost/x")) {
                ApiClient.Response r = client.post("/v1/transfers", consumer,
                        "{\"agreementId\": \"whatever\", \"purpose\": \"p\", \"sinkUrl\": \"" + url + "\"}");
                assertEquals(400, r.status(), url + " " + r.body());
                assertEquals("/sinkUrl", r.json().get("errors").get(0).get("pointer").asText(), r.body());
            }
        }
    }
}
