package org.sluis.connectors.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;

class FhirSourceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static FhirTestServer server;

    /** Every URL the source asked the guard about, in order. */
    private final List<URI> checked = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new FhirTestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void clearSeen() {
        server.searches.clear();
    }

    private FhirSource source(URI base, Map<String, String> params, int pageSize) {
        return new FhirSource(base, "Observation", params, pageSize, TIMEOUT, Map.of("Authorization", "Bearer t0ken"),
                checked::add);
    }

    private static SourceRead read(Optional<Long> limit, Optional<String> since) {
        return new SourceRead(Set.of(), limit, since, "agr-7", "lab-3", "tr-9");
    }

    private static List<ObjectNode> readAll(FhirSource source, SourceRead read) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (RecordCursor cursor = source.open(read)) {
            for (ObjectNode r; (r = cursor.next()) != null; ) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> ids(List<ObjectNode> records) {
        return records.stream().map(r -> r.get("id").asText()).toList();
    }

    private static List<String> expectedIds(int from, int to) {
        return IntStream.range(from, to).mapToObj(FhirTestServer::id).toList();
    }

    @Nested
    class Paging {
        @Test
        void allResources_arriveInOrder_acrossPages() throws IOException {
            List<ObjectNode> records = readAll(source(server.base, Map.of(), 50), read(Optional.empty(), Optional.empty()));
            assertEquals(expectedIds(0, FhirTestServer.COUNT), ids(records));
            assertEquals("Observation", records.get(0).get("resourceType").asText());
            assertEquals(5, checked.size());
        }

        @Test
        void everyNextLink_isCheckedBeforeItIsRequested() throws IOException {
            readAll(source(server.base, Map.of(), 100), read(Optional.empty(), Optional.empty()));
            assertEquals(3, checked.size());
            assertTrue(checked.get(0).toString().startsWith(server.base + "/Observation?_count=100"), checked.get(0).toString());
            assertTrue(checked.subList(1, 3).stream().allMatch(u -> u.getQuery().contains("_getpages")), checked.toString());
        }

        @Test
        void countInParams_isHonouredOverThePageSize() throws IOException {
            List<ObjectNode> records = readAll(source(server.base, Map.of("_count", "125"), 10),
                    read(Optional.empty(), Optional.empty()));
            assertEquals(FhirTestServer.COUNT, records.size());
            assertEquals(2, checked.size());
        }

        @Test
        void guardRefusingTheNextLink_endsTheRead() throws IOException {
            Consumer<URI> firstOnly = u -> {
                if (u.getQuery().contains("_getpages")) {
                    throw new SecurityException("refused by the guard");
                }
            };
            FhirSource source = new FhirSource(server.base, "Observation", Map.of(), 50, TIMEOUT, Map.of(), firstOnly);
            List<ObjectNode> got = new ArrayList<>();
            try (RecordCursor cursor = source.open(read(Optional.empty(), Optional.empty()))) {
                assertThrows(SecurityException.class, () -> {
                    for (ObjectNode r; (r = cursor.next()) != null; ) {
                        got.add(r);
                    }
                });
            }
            assertEquals(expectedIds(0, 50), ids(got));
        }
    }

    @Nested
    class Limit {
        @Test
        void limitBelowThePageSize_asksForNoMore_andStops() throws IOException {
            List<ObjectNode> records = readAll(source(server.base, Map.of(), 100), read(Optional.of(30L), Optional.empty()));
            assertEquals(expectedIds(0, 30), ids(records));
            assertEquals(List.of("_count=30"), List.of(checked.get(0).getQuery()));
        }

        @Test
        void limitAcrossPages_stopsWithoutRequestingMore() throws IOException {
            List<ObjectNode> records = readAll(source(server.base, Map.of(), 50), read(Optional.of(120L), Optional.empty()));
            assertEquals(expectedIds(0, 120), ids(records));
            assertEquals(3, checked.size());
        }
    }

    @Nested
    class Since {
        @Test
        void since_becomesLastUpdatedGreaterThan() throws IOException {
            String since = FhirTestServer.FIRST_UPDATED.plusSeconds(60L * 199).toString();
            List<ObjectNode> records = readAll(source(server.base, Map.of(), 100), read(Optional.empty(), Optional.of(since)));
            assertEquals(expectedIds(200, FhirTestServer.COUNT), ids(records));
        }

        @Test
        void sinceThatIsNoFhirDateTime_isRefused() {
            assertThrows(IllegalArgumentException.class, () -> readAll(source(server.base, Map.of(), 100),
                    read(Optional.empty(), Optional.of("yesterday&_id=x"))));
        }
    }

    @Nested
    class Requests {
        @Test
        void agreementConsumerTransferAndConfiguredHeaders_reachTheServer() throws IOException {
            readAll(source(server.base, Map.of(), 100), read(Optional.of(1L), Optional.empty()));
            Map<String, String> headers = server.searches.get(0);
            assertEquals("agr-7", headers.get("x-sluis-agreement"));
            assertEquals("lab-3", headers.get("x-sluis-consumer"));
            assertEquals("tr-9", headers.get("x-sluis-transfer"));
            assertEquals("Bearer t0ken", headers.get("authorization"));
            assertEquals("application/fhir+json", headers.get("accept"));
        }

        @Test
        void nextLinkToAnotherOrigin_isRefused_afterItsPageIsDelivered() throws IOException {
            List<ObjectNode> got = new ArrayList<>();
            try (RecordCursor cursor = source(server.elsewhere, Map.of(), 50).open(read(Optional.empty(), Optional.empty()))) {
                IOException e = assertThrows(IOException.class, () -> {
                    for (ObjectNode r; (r = cursor.next()) != null; ) {
                        got.add(r);
                    }
                });
                assertTrue(e.getMessage().contains("expected the origin http://127.0.0.1:"), e.getMessage());
                assertTrue(e.getMessage().contains("found http://127.0.0.2:"), e.getMessage());
            }
            assertEquals(1, checked.size());
            assertEquals(expectedIds(0, 50), ids(got));
        }

        @Test
        void searchTheServerDoesNotServe_isAnIOException_withTheStatus() {
            FhirSource patients = new FhirSource(server.base, "Patient", Map.of(), 10, TIMEOUT, Map.of(), checked::add);
            IOException e = assertThrows(IOException.class, () -> patients.open(read(Optional.empty(), Optional.empty())));
            assertTrue(e.getMessage().contains("found 404"), e.getMessage());
            assertFalse(e.getMessage().contains("_count"), "no query in messages: " + e.getMessage());
        }
    }

    /** A server that is no FHIR server: it echoes secrets in errors, or stalls mid-page. */
    @Nested
    class MisbehavingServer {
        private com.sun.net.httpserver.HttpServer http;
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @BeforeEach
        void start() throws IOException {
            http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/echo/Observation", exchange -> {
                byte[] body = ("{\"error\": \"unauthorized\", \"you sent\": \"" + exchange.getRequestHeaders().getFirst("Authorization")
                        + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.createContext("/stall/Observation", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write("{\"resourceType\": \"Bundle\", \"entry\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            http.start();
        }

        @org.junit.jupiter.api.AfterEach
        void stop() {
            release.countDown();
            http.stop(0);
        }

        private FhirSource at(String path, Duration timeout) {
            return new FhirSource(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path), "Observation", Map.of(), 10,
                    timeout, Map.of("Authorization", "Bearer t0ken-9f8e7d"), checked::add);
        }

        @Test
        void anErrorBodyThatEchoesTheAuthorization_isShownWithTheSecretMasked() {
            IOException e = assertThrows(IOException.class, () -> at("/echo", TIMEOUT).open(read(Optional.empty(), Optional.empty())));
            assertTrue(e.getMessage().contains("found 401") && e.getMessage().contains("\"you sent\": \"(secret)\""), e.getMessage());
            assertFalse(e.getMessage().contains("t0ken-9f8e7d"), e.getMessage());
        }

        @Test
        void aPageThatStallsMidBody_failsAfterTheTimeout_ratherThanHoldingTheTransfer() {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> readAll(at("/stall", Duration.ofSeconds(1)),
                    read(Optional.empty(), Optional.empty())));
            long waited = System.nanoTime() - start;
            assertTrue(e instanceof java.net.SocketTimeoutException, e.toString());
            assertTrue(waited < java.util.concurrent.TimeUnit.SECONDS.toNanos(8), "waited " + waited + " ns");
        }
    }

    @Nested
    class Construction {
        @Test
        void resourceTypeThatIsNoName_isRefused() {
            for (String bad : List.of("Observation/../Patient", "observation", "Observation?x=1", "")) {
                assertThrows(IllegalArgumentException.class,
                        () -> new FhirSource(server.base, bad, Map.of(), 10, TIMEOUT, Map.of(), checked::add), bad);
            }
        }

        @Test
        void baseWithCredentialsOrQuery_isRefused() {
            for (String bad : List.of("http://u:p@127.0.0.1/fhir", "http://127.0.0.1/fhir?x=1", "ftp://127.0.0.1/fhir", "/fhir")) {
                assertThrows(IllegalArgumentException.class,
                        () -> new FhirSource(URI.create(bad), "Observation", Map.of(), 10, TIMEOUT, Map.of(), checked::add), bad);
            }
        }

        @Test
        void restrictedHeader_isRefused_withoutShowingItsValue() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FhirSource(server.base,
                    "Observation", Map.of(), 10, TIMEOUT, Map.of("Host", "secret-value"), checked::add));
            assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
        }
    }
}
