package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real sockets on a real PostgreSQL: health, request ids, and problem responses. */
class GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int BODY_LIMIT = 64 * 1024;

    @TempDir
    static Path dataDir;
    static TestGateway server;
    static Gateway gateway;
    static URI base;

    @BeforeAll
    static void boot() {
        server = new TestGateway(dataDir);
        gateway = server.gateway;
        // Test-only routes, mounted before start so they run through the real handler chain.
        gateway.router().post("/test/echo").handler(ctx -> ctx.json(gateway.jsonBody().read(ctx)));
        gateway.router().get("/test/boom").handler(ctx -> {
            throw new IllegalStateException("secret internals: password=hunter2");
        });
        base = server.start().base;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("type").asText().startsWith(Problem.TYPE_PREFIX), body.toString());
        assertFalse(body.get("title").asText().isEmpty());
        assertFalse(body.get("detail").asText().isEmpty());
        assertEquals(response.headers().firstValue(RequestLog.HEADER).orElseThrow(), body.get("requestId").asText());
        return body;
    }

    @Nested
    class Health {
        @Test
        void live_answers200() throws Exception {
            HttpResponse<String> r = get("/health/live");
            assertEquals(200, r.statusCode());
            assertEquals("UP", JSON.readTree(r.body()).get("status").asText());
        }

        @Test
        void ready_withTheDatabaseUp_answers200() throws Exception {
            HttpResponse<String> r = get("/health/ready");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("UP", JSON.readTree(r.body()).get("database").asText());
        }

        @Test
        void boot_appliesTheMigrations() throws Exception {
            try (Connection c = server.db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM flyway_schema_history WHERE success")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) >= 1, "at least the first migration ran");
            }
        }
    }

    @Nested
    class RequestIds {
        @Test
        void everyResponse_carriesAGeneratedRequestId() throws Exception {
            String first = get("/health/live").headers().firstValue(RequestLog.HEADER).orElseThrow();
            String second = get("/no/such/route").headers().firstValue(RequestLog.HEADER).orElseThrow();
            assertFalse(first.isBlank());
            assertNotEquals(first, second);
        }

        @Test
        void aSafeIncomingRequestId_isPropagated() throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/health/live"))
                    .header(RequestLog.HEADER, "client-42.abc").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("client-42.abc", r.headers().firstValue(RequestLog.HEADER).orElseThrow());
        }

        @Test
        void anUnsafeIncomingRequestId_isReplaced() throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/health/live"))
                    .header(RequestLog.HEADER, "x\"}{injected log line").build(), HttpResponse.BodyHandlers.ofString());
            String id = r.headers().firstValue(RequestLog.HEADER).orElseThrow();
            assertFalse(id.contains("injected"), id);
        }
    }

    @Nested
    class Problems {
        @Test
        void unknownRoute_is404() throws Exception {
            JsonNode body = problem(get("/v1/nothing-here"), 404);
            assertTrue(body.get("detail").asText().contains("/v1/nothing-here"));
        }

        @Test
        void wrongMethod_is405() throws Exception {
            problem(post("/health/live", "application/json", "{}"), 405);
        }

        @Test
        void bodyOverTheLimit_is413() throws Exception {
            JsonNode body = problem(post("/test/echo", "application/json", "\"" + "a".repeat(BODY_LIMIT + 1) + "\""), 413);
            assertTrue(body.get("detail").asText().contains(String.valueOf(BODY_LIMIT)), body.toString());
        }

        @Test
        void malformedJson_is400_andSaysWhere() throws Exception {
            JsonNode body = problem(post("/test/echo", "application/json", "{\"a\": 1,\n \"b\": }"), 400);
            assertEquals(Problem.TYPE_PREFIX + "malformed-json", body.get("type").asText());
            assertTrue(body.get("detail").asText().contains("line 2"), body.toString());
        }

        @Test
        void duplicateMemberNames_are400() throws Exception {
            JsonNode body = problem(post("/test/echo", "application/json", "{\"role\": \"CONSUMER\", \"role\": \"OPERATOR\"}"), 400);
            assertTrue(body.get("detail").asText().contains("role"), body.toString());
        }

        @Test
        void jsonNestedBeyondTheLimit_is400() throws Exception {
            JsonNode body = problem(post("/test/echo", "application/json", "[".repeat(10_000) + "]".repeat(10_000)), 400);
            assertTrue(body.get("detail").asText().contains("nested deeper"), body.toString());
        }

        @Test
        void nonJsonContentType_is415() throws Exception {
            problem(post("/test/echo", "text/plain", "{}"), 415);
        }

        @Test
        void validJson_passesThroughTheSameChain() throws Exception {
            HttpResponse<String> r = post("/test/echo", "application/json", "{\"a\": [1, 2]}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(JSON.readTree("{\"a\": [1, 2]}"), JSON.readTree(r.body()));
        }

        @Test
        void unexpectedFailure_is500_withTheRequestIdAndNoInternals() throws Exception {
            HttpResponse<String> r = get("/test/boom");
            JsonNode body = problem(r, 500);
            assertFalse(r.body().contains("hunter2"), r.body());
            assertFalse(r.body().contains("IllegalStateException"), r.body());
            assertFalse(r.body().contains("at org."), r.body());
            assertTrue(body.get("detail").asText().contains(body.get("requestId").asText()));
        }
    }

    @Nested
    class OpenApi {
        @Test
        void document_isOpenApi3() throws Exception {
            HttpResponse<String> r = get("/v1/openapi.json");
            assertEquals(200, r.statusCode());
            assertTrue(JSON.readTree(r.body()).get("openapi").asText().startsWith("3."));
        }

        @Test
        void document_describesEveryDeclaredRoute() throws Exception {
            JsonNode paths = JSON.readTree(get("/v1/openapi.json").body()).get("paths");
            Set<String> missing = new HashSet<>();
            for (Route route : gateway.router().getRoutes()) {
                String path = route.getPath();
                if (path == null || path.startsWith("/test/") || route.methods() == null) {
                    continue;
                }
                String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
                route.methods().forEach(m -> {
                    JsonNode item = paths.get(openApiPath);
                    if (item == null || item.get(m.name().toLowerCase(java.util.Locale.ROOT)) == null) {
                        missing.add(m.name() + " " + openApiPath);
                    }
                });
            }
            assertTrue(missing.isEmpty(), "routes missing from openapi.json: " + missing);
        }
    }
}
