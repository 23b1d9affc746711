package org.sluis.core.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo participants' own HTTP endpoints, on loopback: the hospital's export of its FHIR data
 * (NDJSON, behind a bearer secret that only the exchange holds, as a dataset's source header) and
 * the public health service's inbox, which receives the exchange's pushes and keeps the first body
 * per {@code Idempotency-Key}, as a real sink would.
 */
public final class DemoEndpoints implements AutoCloseable {
    /** Path of the hospital's Patient export. */
    public static final String PATIENTS = "/fhir/Patient.ndjson";
    /** Path of the hospital's Observation export. */
    public static final String OBSERVATIONS = "/fhir/Observation.ndjson";
    /** Path of the public health service's inbox. */
    public static final String INBOX = "/inbox";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sluis-demo-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final String upstreamSecret;
    private final Map<String, byte[]> exports;
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();

    private DemoEndpoints(HttpServer server, String upstreamSecret, Map<String, byte[]> exports) {
        this.server = server;
        this.upstreamSecret = upstreamSecret;
        this.exports = Map.copyOf(exports);
    }

    /**
     * Starts the endpoints on a free loopback port.
     *
     * @param health         the hospital's data
     * @param upstreamSecret the bearer secret the export asks for
     */
    public static DemoEndpoints start(HealthData health, String upstreamSecret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            DemoEndpoints endpoints = new DemoEndpoints(server, upstreamSecret,
                    Map.of(PATIENTS, health.patientsNdjson(), OBSERVATIONS, health.observationsNdjson()));
            server.createContext("/fhir/", endpoints::export);
            server.createContext(INBOX, endpoints::inbox);
            server.setExecutor(endpoints.threads);
            server.start();
            return endpoints;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the demo's loopback HTTP server", e);
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    public URI base() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    /** The body the inbox received under an idempotency key (the exchange's transfer id), if any. */
    public byte[] received(String idempotencyKey) {
        return received.get(idempotencyKey);
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exports.get(exchange.getRequestURI().getPath());
            List<String> auth = exchange.getRequestHeaders().getOrDefault("Authorization", List.of());
            int status = !exchange.getRequestMethod().equals("GET") ? 405
                    : !auth.equals(List.of("Bearer " + upstreamSecret)) ? 401
                    : body == null ? 404 : 200;
            if (status != 200) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void inbox(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!exchange.getRequestMethod().equals("POST") || key == null) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.putIfAbsent(key, body);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
