package org.sluis.policy.opa;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback HTTP server that speaks OPA's Data API wire format
 * (https://www.openpolicyagent.org/docs/rest-api#data-api); OPA itself cannot be installed here.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpaClientTest {

    private static final String DATA_PATH = "/v1/data/sluis/baseline/result";

    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch released = new CountDownLatch(1);

    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile boolean stall;

    private volatile String seenMethod;
    private volatile String seenPath;
    private volatile String seenContentType;
    private volatile byte[] seenBody;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        seenMethod = exchange.getRequestMethod();
        seenPath = exchange.getRequestURI().getPath();
        seenContentType = exchange.getRequestHeaders().getFirst("Content-Type");
        seenBody = exchange.getRequestBody().readAllBytes();
        if (stall) {
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private URI opaUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private OpaDecision ask(OpaConfig config) throws Exception {
        // get() rather than join(): an exceptional completion would fail the test here.
        return new OpaClient(config).ask(OpaFixtures.input()).get(5, TimeUnit.SECONDS);
    }

    private OpaDecision ask() throws Exception {
        return ask(unhurried());
    }

    /**
     * The default configuration but for a timeout long enough for a busy build machine: a first
     * request that starts the client's threads can take longer than the 500 ms default there, and
     * only the timeout tests are about the timeout.
     */
    private OpaConfig unhurried() {
        return new OpaConfig(opaUrl(), OpaConfig.DEFAULT_PATH, Duration.ofSeconds(4));
    }

    private OpaDecision askAnswered(int httpStatus, String body) throws Exception {
        status = httpStatus;
        answer = body;
        return ask();
    }

    private static void assertFailedClosed(OpaDecision decision, String failureFragment) {
        assertFalse(decision.allow(), "a failed question must deny");
        assertTrue(decision.failedClosed(), "expected a failure, found " + decision);
        assertTrue(decision.failure().orElseThrow().contains(failureFragment),
                "expected the failure to mention '" + failureFragment + "', found " + decision.failure().orElseThrow());
        assertTrue(decision.reasons().get(0).contains("OPA was unreachable"), decision.reasons().toString());
    }

    @Nested
    class Request {

        @Test
        void is_a_POST_to_the_data_API_path_of_the_decision_document() throws Exception {
            askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": []}}");
            assertEquals("POST", seenMethod);
            assertEquals(DATA_PATH, seenPath);
        }

        @Test
        void carries_the_input_document_under_input_as_JSON() throws Exception {
            askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": []}}");
            assertEquals("application/json", seenContentType);
            ObjectNode expected = OpaFixtures.JSON.createObjectNode();
            expected.set("input", OpaFixtures.resource("input-document.json"));
            assertEquals(expected, OpaFixtures.JSON.readTree(seenBody));
        }

        @Test
        void keeps_a_path_prefix_of_an_OPA_behind_a_proxy() throws Exception {
            answer = "{\"result\": true}";
            ask(new OpaConfig(URI.create(opaUrl() + "/opa/"), "acme/authz/allow", Duration.ofSeconds(2)));
            assertEquals("/opa/v1/data/acme/authz/allow", seenPath);
        }
    }

    @Nested
    class Answer {

        @Test
        void allow_with_no_deny_messages_allows() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": []}}");
            assertEquals(OpaDecision.allowed(Optional.empty()), decision);
        }

        @Test
        void deny_carries_the_policys_messages_as_reasons() throws Exception {
            OpaDecision decision = askAnswered(200,
                    "{\"result\": {\"allow\": false, \"deny\": [\"participant is suspended\", \"region outside EEA\"]}}");
            assertEquals(OpaDecision.denied(List.of("participant is suspended", "region outside EEA"), Optional.empty()),
                    decision);
        }

        @Test
        void decision_id_is_carried_through() throws Exception {
            OpaDecision decision = askAnswered(200,
                    "{\"decision_id\": \"4ca636c1-55e4-417a-b1d8-4aceb67960d1\", \"result\": {\"allow\": true}}");
            assertEquals(Optional.of("4ca636c1-55e4-417a-b1d8-4aceb67960d1"), decision.decisionId());
        }

        @Test
        void decision_id_is_carried_through_a_denial() throws Exception {
            OpaDecision decision = askAnswered(200,
                    "{\"decision_id\": \"d-2\", \"result\": {\"allow\": false, \"deny\": [\"no\"]}}");
            assertEquals(Optional.of("d-2"), decision.decisionId());
        }

        @Test
        void without_decision_logging_there_is_no_decision_id() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": []}}");
            assertEquals(Optional.empty(), decision.decisionId());
        }

        @Test
        void allow_with_deny_messages_denies_because_deny_overrides() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": [\"site rule 7\"]}}");
            assertEquals(OpaDecision.denied(List.of("site rule 7"), Optional.empty()), decision);
        }

        @Test
        void deny_without_messages_gets_a_reason_naming_the_policy() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"result\": {\"allow\": false}}");
            assertFalse(decision.allow());
            assertFalse(decision.failedClosed());
            assertEquals(List.of("OPA policy data.sluis.baseline.result denies the request without giving a reason"),
                    decision.reasons());
        }

        @Test
        void a_boolean_true_result_allows() throws Exception {
            assertTrue(askAnswered(200, "{\"result\": true}").allow());
        }

        @Test
        void a_boolean_false_result_denies_without_failure() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"result\": false}");
            assertFalse(decision.allow());
            assertFalse(decision.failedClosed());
        }
    }

    @Nested
    class FailClosed {

        @Test
        void an_undefined_document_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{}"), "the rule is undefined");
        }

        @Test
        void an_undefined_document_keeps_the_decision_id() throws Exception {
            OpaDecision decision = askAnswered(200, "{\"decision_id\": \"d-3\"}");
            assertEquals(Optional.of("d-3"), decision.decisionId());
        }

        @Test
        void a_server_error_fails_closed_and_says_what_OPA_said() throws Exception {
            OpaDecision decision = askAnswered(500,
                    "{\"code\": \"internal_error\", \"message\": \"eval_conflict_error: complete rules must not produce multiple outputs\"}");
            assertFailedClosed(decision, "HTTP 500");
            assertTrue(decision.failure().orElseThrow().contains("internal_error"), decision.failure().orElseThrow());
        }

        @Test
        void a_bad_request_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(400, "{\"code\": \"invalid_parameter\", \"message\": \"bad input\"}"),
                    "HTTP 400");
        }

        @Test
        void a_redirect_is_not_followed_and_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(307, ""), "HTTP 307");
        }

        @Test
        void an_answer_later_than_the_timeout_fails_closed_in_time() throws Exception {
            stall = true;
            answer = "{\"result\": {\"allow\": true, \"deny\": []}}";
            long start = System.nanoTime();
            OpaDecision decision = ask(new OpaConfig(opaUrl(), OpaConfig.DEFAULT_PATH, Duration.ofMillis(200)));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFailedClosed(decision, "within 200 ms");
            assertTrue(elapsedMillis < 2_000, "expected the timeout to cut the wait short, waited " + elapsedMillis + " ms");
        }

        @Test
        void a_refused_connection_fails_closed() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            OpaDecision decision = ask(OpaConfig.of(URI.create("http://127.0.0.1:" + closedPort)));
            assertFailedClosed(decision, "127.0.0.1:" + closedPort);
        }

        @Test
        void malformed_JSON_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": {\"allow\": tru"), "expected a JSON answer");
        }

        @Test
        void an_empty_body_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, ""), "empty body");
        }

        @Test
        void a_JSON_array_instead_of_an_object_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "[true]"), "expected a JSON object");
        }

        @Test
        void a_result_of_the_wrong_type_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": \"allow\"}"), "expected data.sluis.baseline.result to be");
        }

        @Test
        void allow_as_a_string_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": {\"allow\": \"true\", \"deny\": []}}"), "found allow \"true\"");
        }

        @Test
        void a_missing_allow_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": {\"deny\": []}}"), "found allow missing");
        }

        @Test
        void deny_as_an_object_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": {\"allow\": true, \"deny\": {\"x\": true}}}"), "found deny");
        }

        @Test
        void a_deny_message_that_is_not_a_string_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"result\": {\"allow\": false, \"deny\": [42]}}"), "found a deny message 42");
        }

        @Test
        void a_decision_id_that_is_not_a_string_fails_closed() throws Exception {
            assertFailedClosed(askAnswered(200, "{\"decision_id\": 7, \"result\": {\"allow\": true}}"), "decision_id");
        }

        @Test
        void duplicate_members_in_the_answer_fail_closed() throws Exception {
            // An answer saying both allow false and allow true must not be read as whichever came last.
            assertFailedClosed(askAnswered(200, "{\"result\": {\"allow\": false, \"allow\": true}}"), "expected a JSON answer");
        }
    }

    @Nested
    class Reuse {

        @Test
        void one_client_answers_many_questions() throws Exception {
            answer = "{\"result\": {\"allow\": true, \"deny\": []}}";
            OpaClient client = new OpaClient(unhurried());
            for (int i = 0; i < 3; i++) {
                assertTrue(client.ask(OpaFixtures.input()).get(5, TimeUnit.SECONDS).allow());
            }
        }

        @Test
        void the_body_sent_is_the_same_bytes_for_the_same_input() throws Exception {
            answer = "{\"result\": true}";
            ask();
            byte[] first = seenBody;
            ask();
            assertEquals(new String(first, UTF_8), new String(seenBody, UTF_8));
            JsonNode roles = OpaFixtures.JSON.readTree(seenBody).path("input").path("roles");
            assertEquals("[\"CONSUMER\",\"CUSTODIAN\"]", roles.toString());
        }
    }
}
