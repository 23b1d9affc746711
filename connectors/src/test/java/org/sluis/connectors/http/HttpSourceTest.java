package org.sluis.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.format.SourceFormat;
import org.sluis.connectors.net.BlockedAddressException;
import org.sluis.connectors.net.Cidr;
import org.sluis.connectors.net.NetworkGuard;

/** Against a real HTTP server on loopback, which the guard is told to allow. */
class HttpSourceTest {
    static final String SECRET = "Bearer s3cr3t-token-7f1e";
    static final Map<String, String> AUTH = Map.of("Authorization", SECRET);
    static final NetworkGuard LOOPBACK_ALLOWED = new NetworkGuard(List.of(Cidr.parse("127.0.0.1/32")));
    static final SourceRead READ = read(Optional.empty());

    HttpServer server;
    ExecutorService pool;
    final AtomicReference<Headers> received = new AtomicReference<>();
    final AtomicInteger requests = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    static SourceRead read(Optional<Long> limit) {
        return new SourceRead(Set.of(), limit, Optional.empty(), "agr-42", "urn:sluis:consumer:ggd", "tr-9");
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    void serve(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            received.set(exchange.getRequestHeaders());
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    void serveText(String path, int status, String body) {
        serve(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        });
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    HttpSource source(String path, SourceFormat format, Duration readTimeout) {
        return new HttpSource(url(path), format, AUTH, Duration.ofSeconds(2), readTimeout, LOOPBACK_ALLOWED);
    }

    HttpSource source(String path, SourceFormat format) {
        return source(path, format, Duration.ofSeconds(5));
    }

    static List<String> drain(RecordCursor cursor) throws IOException {
        try (cursor) {
            List<String> out = new ArrayList<>();
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                out.add(r.toString());
            }
            return out;
        }
    }

    @Nested
    class Open {
        @Test
        void ndjsonBody_isReadAsRecords() throws IOException {
            serveText("/trips", 200, "{\"id\":1}\n{\"id\":2}\n");
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), drain(source("/trips", SourceFormat.NDJSON).open(READ)));
        }

        @Test
        void jsonArrayBody_isReadAsRecords() throws IOException {
            serveText("/trips", 200, "[{\"id\":1},{\"id\":2}]");
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}"), drain(source("/trips", SourceFormat.JSON).open(READ)));
        }

        @Test
        void csvBody_isReadAsRecords() throws IOException {
            serveText("/trips.csv", 200, "id,stop\n1,\"Eindhoven, Centraal\"\n");
            assertEquals(List.of("{\"id\":\"1\",\"stop\":\"Eindhoven, Centraal\"}"),
                    drain(source("/trips.csv", SourceFormat.CSV).open(READ)));
        }

        @Test
        void auditHeaders_tellTheProviderOnWhoseBehalf() throws IOException {
            serveText("/trips", 200, "");
            drain(source("/trips", SourceFormat.NDJSON).open(READ));
            Headers h = received.get();
            assertEquals("agr-42", h.getFirst("X-Sluis-Agreement"));
            assertEquals("urn:sluis:consumer:ggd", h.getFirst("X-Sluis-Consumer"));
            assertEquals("tr-9", h.getFirst("X-Sluis-Transfer"));
        }

        @Test
        void configuredHeader_isSent() throws IOException {
            serveText("/trips", 200, "");
            drain(source("/trips", SourceFormat.NDJSON).open(READ));
            assertEquals(SECRET, received.get().getFirst("Authorization"));
        }

        @Test
        void acceptHeader_namesTheFormat() throws IOException {
            serveText("/trips.csv", 200, "a\n");
            drain(source("/trips.csv", SourceFormat.CSV).open(READ));
            assertEquals("text/csv", received.get().getFirst("Accept"));
        }

        @Test
        void limit_stopsAfterThatManyRecords() throws IOException {
            serveText("/trips", 200, "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
            assertEquals(2, drain(source("/trips", SourceFormat.NDJSON).open(read(Optional.of(2L)))).size());
        }

        @Test
        void openRaw_passesTheBytesThrough() throws IOException {
            serveText("/raw", 200, "id,x\n1,2\n");
            try (InputStream in = source("/raw", SourceFormat.CSV).openRaw(READ)) {
                assertEquals("id,x\n1,2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Nested
    class Streaming {
        @Test
        void chunkedLargeBody_isReadRecordByRecord() throws IOException {
            int n = 200_000;
            serve("/big", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < n; i++) {
                    out.write(("{\"id\":" + i + ",\"pad\":\"" + "p".repeat(64) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            try (RecordCursor cursor = source("/big", SourceFormat.NDJSON).open(READ)) {
                long count = 0;
                for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                    assertEquals(count, r.get("id").asLong());
                    count++;
                }
                assertEquals(n, count);
            }
        }

        @Test
        void firstRecord_arrivesBeforeTheServerHasFinished() throws IOException {
            serve("/slow-tail", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitRelease();
                out.write("{\"id\":2}\n".getBytes(StandardCharsets.UTF_8));
            });
            try (RecordCursor cursor = source("/slow-tail", SourceFormat.NDJSON).open(READ)) {
                assertEquals("{\"id\":1}", cursor.next().toString());
                assertEquals(1, release.getCount(), "the server is still holding back the rest");
                release.countDown();
                assertEquals("{\"id\":2}", cursor.next().toString());
            }
        }
    }

    @Nested
    class Refusals {
        @Test
        void serverError_isAnUpstreamStatusWithoutTheSecret() {
            serve("/fail", exchange -> {
                String echoed = "internal error; you sent Authorization: "
                        + exchange.getRequestHeaders().getFirst("Authorization");
                byte[] bytes = echoed.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, bytes.length);
                exchange.getResponseBody().write(bytes);
            });
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class,
                    () -> source("/fail", SourceFormat.NDJSON).open(READ));
            assertEquals(500, e.status());
            assertEquals("expected a 2xx response from " + url("/fail") + ", found 500: internal error; you sent "
                    + "Authorization: (secret)", e.getMessage());
        }

        @Test
        void secretCutOffByTheEndOfTheBody_isMaskedToo() {
            serveText("/cut", 401, "bad token " + SECRET.substring(0, 12));
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class,
                    () -> source("/cut", SourceFormat.NDJSON).open(READ));
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }

        @Test
        void errorMessage_leavesOutTheQuery() {
            serveText("/q", 403, "");
            HttpSource source = new HttpSource(url("/q?apikey=k-123"), SourceFormat.NDJSON, Map.of(),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), LOOPBACK_ALLOWED);
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class, () -> source.open(READ));
            assertFalse(e.getMessage().contains("k-123"), e.getMessage());
        }

        @Test
        void redirect_isNotFollowed() {
            serve("/moved", exchange -> {
                exchange.getResponseHeaders().add("Location", url("/elsewhere").toString());
                exchange.sendResponseHeaders(302, -1);
            });
            serveText("/elsewhere", 200, "{\"id\":1}\n");
            UpstreamStatusException e = assertThrows(UpstreamStatusException.class,
                    () -> source("/moved", SourceFormat.NDJSON).open(READ));
            assertEquals(302, e.status());
            assertEquals(1, requests.get(), "only the first hop was requested");
        }

        @Test
        void loopbackNotAllowed_isRefusedBeforeAnyRequest() {
            serveText("/trips", 200, "{\"id\":1}\n");
            HttpSource source = new HttpSource(url("/trips"), SourceFormat.NDJSON, AUTH, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), new NetworkGuard(List.of()));
            BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> source.open(READ));
            assertEquals("loopback", e.range());
            assertEquals(0, requests.get());
        }

        @Test
        void resumePoint_isRefused() {
            SourceRead since = new SourceRead(Set.of(), Optional.empty(), Optional.of("x"), "a", "c", "t");
            assertThrows(IllegalArgumentException.class, () -> source("/trips", SourceFormat.NDJSON).open(since));
        }

        @Test
        void configuredAuditHeader_isRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class, () -> new HttpSource(url("/"), SourceFormat.NDJSON,
                    Map.of("x-sluis-consumer", "someone-else"), Duration.ofSeconds(1), Duration.ofSeconds(1),
                    LOOPBACK_ALLOWED));
        }

        @Test
        void headerValueWithALineBreak_isRefusedWithoutRepeatingIt() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpSource(url("/"),
                    SourceFormat.NDJSON, Map.of("X-Api-Key", "k3y\r\nX-Injected: 1"), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), LOOPBACK_ALLOWED));
            assertFalse(e.getMessage().contains("k3y"), e.getMessage());
        }

        @Test
        void userInfoInTheUrl_isRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class, () -> new HttpSource(
                    URI.create("http://user:pw@127.0.0.1/"), SourceFormat.NDJSON, Map.of(), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), LOOPBACK_ALLOWED));
        }
    }

    @Nested
    class Unreachable {
        @Test
        void closedPort_failsNamingWhereAndWhat() throws IOException {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            URI closed = URI.create("http://127.0.0.1:" + port + "/trips?key=k-9");
            HttpSource source = new HttpSource(closed, SourceFormat.NDJSON, AUTH, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), LOOPBACK_ALLOWED);
            IOException e = assertThrows(IOException.class, () -> source.open(READ));
            assertTrue(e.getMessage().startsWith("could not get a response from http://127.0.0.1:" + port
                    + "/trips: ConnectException"), e.getMessage());
            assertFalse(e.getMessage().contains("k-9") || e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Nested
    class Timeouts {
        @Test
        void serverThatNeverAnswers_timesOutWaitingForHeaders() {
            serve("/silent", exchange -> awaitRelease());
            long start = System.nanoTime();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                    () -> source("/silent", SourceFormat.NDJSON, Duration.ofMillis(300)).open(READ));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(e.getMessage().contains("PT0.3S"), e.getMessage());
        }

        @Test
        void bodyThatStalls_timesOutAfterTheReadTimeout() throws IOException {
            serve("/stall", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitRelease();
            });
            // A second, not less: on a busy machine the response headers alone can take a few hundred ms.
            try (RecordCursor cursor = source("/stall", SourceFormat.NDJSON, Duration.ofSeconds(1)).open(READ)) {
                assertNotNull(cursor.next());
                long start = System.nanoTime();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, cursor::next);
                long waited = System.nanoTime() - start;
                assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(950) && waited < TimeUnit.SECONDS.toNanos(8),
                        "waited " + waited + " ns");
                assertTrue(e.getMessage().contains("read timeout"), e.getMessage());
            }
        }
    }

    void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
