package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;
import org.sluis.policy.opa.OpaConfig;

/** {@code POST /v1/decisions}: every access decided under the agreement, counted exactly, logged permit or deny. */
class AccessApiTest {
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String lab;
    static String otherLab;
    static String usLab;
    static String operator;

    @BeforeAll
    static void start() {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
        server.register("lab", "NL-NH", Set.of("research-institution"), Role.CONSUMER);
        server.register("other-lab", Role.CONSUMER);
        server.register("us-lab", "US", Set.of(), Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        lab = server.tokenFor("lab");
        otherLab = server.tokenFor("other-lab");
        usLab = server.tokenFor("us-lab");
        operator = server.tokenFor("operator");
        created(CatalogApiTest.dataset("cohort", "health", "Cohort", "health-secondary-use", CatalogApiTest.HEALTH)
                .replace("opt-out", "opt-in"));
        created(metered("metered", 10));
        created(metered("metered-3", 3));
        created(metered("metered-again", 10));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void created(String dataset) {
        ApiClient.Response r = api.post("/v1/datasets", hospital, dataset);
        assertEquals(201, r.status(), r.body());
    }

    /** A dataset whose one offer permits {@code uses} uses in all, for any purpose. */
    static String metered(String id, int uses) {
        return """
                {"id": "%s", "title": "Metered", "domain": "mobility",
                 "fields": [{"name": "tripId", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "trips.ndjson", "format": "ndjson"},
                 "offers": [{"id": "standard", "autoAccept": true,
                             "policy": {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
                                        "permission": [{"action": "use", "constraint": [
                                          {"leftOperand": "count", "operator": "lteq", "rightOperand": %d}]}]}}]}
                """.formatted(id, uses);
    }

    static String agreement(String token, String dataset, String purpose) {
        ApiClient.Response r = api.post("/v1/negotiations", token,
                "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"standard\", \"purpose\": \"" + purpose + "\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals("FINALIZED", r.json().get("state").asText(), r.body());
        return r.json().get("agreementId").asText();
    }

    static ApiClient.Response decide(String token, String agreementId, String purpose) {
        return api.post("/v1/decisions", token, "{\"agreementId\": \"" + agreementId + "\", \"purpose\": \"" + purpose + "\"}");
    }

    static List<String> codes(JsonNode decision) {
        return StreamSupport.stream(decision.get("reasons").spliterator(), false).map(r -> r.get("code").asText()).toList();
    }

    static JsonNode loggedDecision(String decisionId) {
        for (String kind : List.of("access.permitted", "access.denied")) {
            for (JsonNode item : api.get("/v1/ledger/entries?kind=" + kind, operator).json().get("items")) {
                if (item.get("entry").get("body").get("decision").asText().equals(decisionId)) {
                    return item.get("entry");
                }
            }
        }
        throw new AssertionError("decision " + decisionId + " is not in the ledger");
    }

    @Nested
    class Permit {
        @Test
        void aFittingUse_isPermittedWithTheAgreementsObligations_andLoggedBeforeTheAnswer() {
            String id = agreement(lab, "cohort", "scientific-research");
            ApiClient.Response r = decide(lab, id, "scientific-research");
            assertEquals(200, r.status(), r.body());
            assertEquals("PERMIT", r.json().get("decision").asText());
            List<String> kinds = StreamSupport.stream(r.json().get("obligations").spliterator(), false)
                    .map(o -> o.get("kind").asText()).sorted().toList();
            assertTrue(kinds.containsAll(List.of("consent-filter", "delete-by", "pseudonymise")), r.body());
            JsonNode entry = loggedDecision(r.json().get("id").asText());
            assertEquals("access.permitted", entry.get("kind").asText());
            assertEquals(r.json().get("ledgerIndex").asLong(), entry.get("index").asLong());
            assertEquals(id, entry.get("agreement").asText());
            assertEquals("scientific-research", entry.get("body").get("purpose").asText());
            assertEquals("lab", entry.get("actor").asText());
            assertTrue(entry.has("requestId"), entry.toString());
            assertEquals(r.json().get("obligations"), entry.get("body").get("obligations"));
        }
    }

    @Nested
    class Deny {
        @Test
        void anotherPurpose_is403ProblemJsonWithTheReasons_andLoggedAsDenied() {
            String id = agreement(lab, "cohort", "public-health");
            ApiClient.Response r = decide(lab, id, "marketing");
            assertEquals(403, r.status(), r.body());
            assertEquals("urn:sluis:problem:access-denied", r.json().get("type").asText());
            assertFalse(r.json().get("reasons").isEmpty(), r.body());
            assertTrue(r.json().get("detail").asText().contains("purpose"), r.body());
            JsonNode entry = loggedDecision(r.json().get("decisionId").asText());
            assertEquals("access.denied", entry.get("kind").asText());
            assertEquals(r.json().get("reasons"), entry.get("body").get("reasons"));
            assertEquals(r.json().get("ledgerIndex").asLong(), entry.get("index").asLong());
        }

        @Test
        void aCallerOutsideTheEu_isDeniedByTheSpatialConstraint() {
            String id = agreement(usLab, "cohort", "scientific-research");
            ApiClient.Response r = decide(usLab, id, "scientific-research");
            assertEquals(403, r.status(), r.body());
            assertTrue(r.json().get("detail").asText().contains("spatial"), r.body());
        }

        @Test
        void anotherConsumersAgreement_is404_revealsNothing_andTheAttemptIsLogged() {
            String id = agreement(lab, "cohort", "scientific-research");
            ApiClient.Response r = decide(otherLab, id, "scientific-research");
            assertEquals(404, r.status(), r.body());
            assertFalse(r.body().contains("hospital"), r.body());
            JsonNode denied = api.get("/v1/ledger/entries?kind=access.denied&participant=other-lab", operator).json().get("items");
            assertTrue(StreamSupport.stream(denied.spliterator(), false)
                    .anyMatch(i -> !i.get("entry").has("agreement") && i.get("entry").get("body").get("consumer").asText().equals("other-lab")));
            assertEquals(404, decide(lab, "no-such-agreement", "scientific-research").status());
        }

        @Test
        void aTerminatedAgreement_deniesTheNextUse() {
            String id = agreement(lab, "cohort", "scientific-research");
            assertEquals(200, decide(lab, id, "scientific-research").status());
            assertEquals(200, api.post("/v1/agreements/" + id + "/terminate", hospital, "{\"reason\": \"study closed\"}").status());
            ApiClient.Response r = decide(lab, id, "scientific-research");
            assertEquals(403, r.status(), r.body());
            assertEquals(List.of("AGREEMENT_TERMINATED"), codes(r.json()));
            assertTrue(r.json().get("detail").asText().contains("study closed"), r.body());
        }

        @Test
        void aProviderCannotAskForDecisions_andBadRequestsNameTheField() {
            assertEquals(403, api.post("/v1/decisions", hospital, "{\"agreementId\": \"x1\", \"purpose\": \"p\"}").status());
            ApiClient.Response r = api.post("/v1/decisions", lab, "{\"agreementId\": \"x1\", \"why\": 1}");
            assertEquals(400, r.status(), r.body());
            List<String> pointers = StreamSupport.stream(r.json().get("errors").spliterator(), false)
                    .map(e -> e.get("pointer").asText()).sorted().toList();
            assertEquals(List.of("/purpose", "/why"), pointers);
            assertEquals(400, api.post("/v1/decisions", lab, "{\"agreementId\": \"x'; DROP TABLE agreement;--\", \"purpose\": \"p\"}").status());
        }
    }

    @Nested
    class Count {
        @Test
        void aHundredConcurrentRequests_underCountLteqTen_yieldExactlyTenPermits() throws Exception {
            String id = agreement(lab, "metered", "route-planning");
            int n = 100;
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        return decide(lab, id, "route-planning").status();
                    }, pool));
                }
                go.countDown();
                List<Integer> statuses = calls.stream().map(CompletableFuture::join).toList();
                assertEquals(10, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
                assertEquals(90, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
            } finally {
                pool.shutdown();
            }
            JsonNode permitted = api.get("/v1/ledger/entries?kind=access.permitted&agreement=" + id, operator).json().get("items");
            assertEquals(10, permitted.size());
            JsonNode denied = api.get("/v1/ledger/entries?kind=access.denied&agreement=" + id + "&limit=1000", operator).json().get("items");
            assertEquals(90, denied.size(), "every denial is logged too");
        }

        @Test
        void theUseAfterTheLastIsDenied_namingTheCount() {
            String id = agreement(lab, "metered-again", "route-planning");
            for (int i = 0; i < 10; i++) {
                assertEquals(200, decide(lab, id, "route-planning").status());
            }
            ApiClient.Response r = decide(lab, id, "route-planning");
            assertEquals(403, r.status(), r.body());
            assertTrue(r.json().get("detail").asText().contains("count"), r.body());
        }

        /*
         * The multi-instance test once found the ledger holding one permit more than the count
         * allowed: the permit had been logged, then the instance died before the transaction that
         * counted its use committed. Now the use is counted (and committed) first. Here the
         * ledger lock is held so the counted permit waits to be logged, then the connection that
         * would log it is cut: the permit is never logged, the use is given back, and the ledger
         * never shows more permits than the count allows.
         */
        @Test
        void aPermitThatCannotBeLogged_givesItsUseBack_andTheLedgerNeverExceedsTheCount() throws Exception {
            try (TestGateway gw = new TestGateway(dataDir.resolve("cut-before-logging")).start()) {
                ApiClient client = new ApiClient(gw.base);
                gw.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
                gw.register("lab", Role.CONSUMER);
                String consumer = gw.tokenFor("lab");
                assertEquals(201, client.post("/v1/datasets", gw.tokenFor("hospital"), metered("metered", 1)).status());
                String id = client.post("/v1/negotiations", consumer,
                        "{\"datasetId\": \"metered\", \"offerId\": \"standard\", \"purpose\": \"route-planning\"}").json()
                        .get("agreementId").asText();
                String ask = "{\"agreementId\": \"" + id + "\", \"purpose\": \"route-planning\"}";
                CompletableFuture<ApiClient.Response> first;
                try (Connection ledgerLock = gw.db.connect(); Connection watcher = gw.db.connect()) {
                    ledgerLock.setAutoCommit(false);
                    try (Statement st = ledgerLock.createStatement()) {
                        st.execute("SELECT pg_advisory_xact_lock(" + 0x536C756973L + ")"); // LedgerStore.LOCK_KEY: appends wait
                    }
                    first = CompletableFuture.supplyAsync(() -> client.post("/v1/decisions", consumer, ask));
                    TestGateway.await(10, () -> ledgerWriters(watcher, false) == 1); // counted, waiting to be logged
                    try (PreparedStatement uses = watcher.prepareStatement("SELECT uses FROM agreement_usage WHERE agreement_id = ?")) {
                        uses.setString(1, id);
                        try (ResultSet rs = uses.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(1, rs.getLong(1), "the use is committed before its permit is logged");
                        }
                    }
                    assertEquals(1, ledgerWriters(watcher, true));
                    ledgerLock.commit();
                }
                int firstStatus = first.get(30, TimeUnit.SECONDS).status();
                assertTrue(firstStatus >= 500, "the permit could not be logged, so it is not answered as one: " + firstStatus);
                ApiClient.Response second = client.post("/v1/decisions", consumer, ask);
                assertEquals(200, second.status(), "the use was given back: " + second.body());
                assertEquals(403, client.post("/v1/decisions", consumer, ask).status(), "and now it is used");
                JsonNode permits = client.get("/v1/ledger/entries?kind=access.permitted&agreement=" + id, gw.tokenFor("operator"))
                        .json().get("items");
                assertEquals(1, permits.size(), permits.toString());
            }
        }

        /** Connections waiting for the ledger's append lock; {@code cut} terminates them. */
        private static int ledgerWriters(Connection c, boolean cut) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery((cut ? "SELECT count(pg_terminate_backend(pid))" : "SELECT count(*)")
                    + " FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    + " AND wait_event = 'advisory' AND pid <> pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }

        @Test
        void aDeniedRequest_usesNothing() {
            String id = agreement(lab, "metered-3", "route-planning");
            for (int i = 0; i < 5; i++) {
                assertEquals(403, decide(lab, id, "another-purpose").status());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(200, decide(lab, id, "route-planning").status(), "use " + (i + 1) + " of 3");
            }
            assertEquals(403, decide(lab, id, "route-planning").status());
        }
    }

    @Nested
    class Consent {
        @Test
        void aSubjectsConsent_decidesAUseAboutThatSubject_andItsRevocationDeniesTheNext() throws Exception {
            String id = agreement(lab, "cohort", "scientific-research");
            ApiClient.Response recorded = api.post("/v1/consents", hospital, """
                    {"consents": [{"subject": "patient-17", "datasetId": "cohort", "purposes": ["scientific-research"],
                                   "decision": "permit"}]}""");
            assertEquals(201, recorded.status(), recorded.body());
            String ask = "{\"agreementId\": \"" + id + "\", \"purpose\": \"scientific-research\", \"subject\": \"%s\"}";
            assertEquals(200, api.post("/v1/decisions", lab, ask.formatted("patient-17")).status());
            ApiClient.Response other = api.post("/v1/decisions", lab, ask.formatted("patient-18"));
            assertEquals(403, other.status(), other.body());
            assertEquals(List.of("CONSENT"), codes(other.json()));
            assertFalse(other.body().contains("patient-18"), "no subject id in the answer");
            assertFalse(api.get("/v1/ledger/entries?kind=access.denied&agreement=" + id, operator).body().contains("patient-18"),
                    "no subject id in the ledger");

            try (TestGateway second = new TestGateway(server).start()) {
                ApiClient there = new ApiClient(second.base);
                assertEquals(200, there.post("/v1/decisions", lab, ask.formatted("patient-17")).status(), "the second instance has it cached");
                String consentId = recorded.json().get("consents").get(0).get("id").asText();
                assertEquals(200, api.post("/v1/consents/" + consentId + "/revoke", hospital, "{}").status());
                TestGateway.await(1, () -> there.post("/v1/decisions", lab, ask.formatted("patient-17")).status() == 403);
            }
        }
    }

    @Nested
    class ConnectionPool {
        /*
         * A decision's transaction holds a connection (and, under a count, the usage row lock)
         * while it consults the consent cache, which any consent change empties. Loading the cache
         * through a second connection starves the pool as soon as every connection is held by a
         * decision: the multi-instance test saw 500s, "Connection is not available, request timed
         * out after 5010ms (total=10, active=10 ...)". Here a pool of two, both connections held by
         * decisions queued on the usage row, which the test holds until both wait.
         */
        @Test
        void decisionsHoldingEveryConnection_onAnEmptyConsentCache_areAllAnswered() throws Exception {
            try (TestGateway small = new TestGateway(dataDir.resolve("pool-of-two"), c -> c.withShutdown(Duration.ofSeconds(5), 2)).start()) {
                ApiClient client = new ApiClient(small.base);
                small.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
                small.register("lab", Role.CONSUMER);
                String consumer = small.tokenFor("lab");
                ApiClient.Response published = client.post("/v1/datasets", small.tokenFor("hospital"), metered("metered", 10));
                assertEquals(201, published.status(), published.body());
                String id = client.post("/v1/negotiations", consumer,
                        "{\"datasetId\": \"metered\", \"offerId\": \"standard\", \"purpose\": \"route-planning\"}").json().get("agreementId").asText();
                List<CompletableFuture<ApiClient.Response>> decisions = new ArrayList<>();
                try (Connection holder = small.db.connect(); Connection watcher = small.db.connect()) {
                    holder.setAutoCommit(false);
                    try (PreparedStatement lock = holder.prepareStatement(
                            "INSERT INTO agreement_usage (agreement_id, uses, day, day_uses) VALUES (?, 0, current_date, 0)")) {
                        lock.setString(1, id);
                        lock.executeUpdate();
                    }
                    for (int i = 0; i < 2; i++) {
                        decisions.add(CompletableFuture.supplyAsync(() -> client.post("/v1/decisions", consumer,
                                "{\"agreementId\": \"" + id + "\", \"purpose\": \"route-planning\"}")));
                    }
                    TestGateway.await(10, () -> waitingOnLocks(watcher) == 2);
                    holder.commit();
                }
                for (CompletableFuture<ApiClient.Response> d : decisions) {
                    ApiClient.Response r = d.get(30, TimeUnit.SECONDS);
                    assertEquals(200, r.status(), r.body());
                }
            }
        }

        private static int waitingOnLocks(Connection c) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Nested
    class Opa {
        /** An exchange asking the OPA at {@code opa}, with one agreement: decides once and returns the answer and its ledger entry. */
        private ApiClient.Response decideWithOpa(URI opa, String name, List<JsonNode> logged) {
            try (TestGateway withOpa = new TestGateway(dataDir.resolve(name),
                    c -> c.withOpa(new OpaConfig(opa, OpaConfig.DEFAULT_PATH, Duration.ofMillis(300)))).start()) {
                ApiClient client = new ApiClient(withOpa.base);
                withOpa.register("hospital", Role.PROVIDER);
                withOpa.register("lab", "NL-NH", Set.of("research-institution"), Role.CONSUMER);
                String consumer = withOpa.tokenFor("lab");
                ApiClient.Response published = client.post("/v1/datasets", withOpa.tokenFor("hospital"), metered("metered", 10));
                assertEquals(201, published.status(), published.body());
                String id = client.post("/v1/negotiations", consumer,
                        "{\"datasetId\": \"metered\", \"offerId\": \"standard\", \"purpose\": \"route-planning\"}").json().get("agreementId").asText();
                ApiClient.Response r = client.post("/v1/decisions", consumer, "{\"agreementId\": \"" + id + "\", \"purpose\": \"route-planning\"}");
                String operator = withOpa.tokenFor("operator");
                for (String kind : List.of("access.permitted", "access.denied")) {
                    client.get("/v1/ledger/entries?kind=" + kind, operator).json().get("items").forEach(i -> logged.add(i.get("entry")));
                }
                return r;
            }
        }

        /** A local server answering OPA's Data API with {@code result} (OPA itself cannot be installed here). */
        private HttpServer opa(String answer, List<JsonNode> asked) throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/data/sluis/baseline/result", exchange -> {
                asked.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        }

        @Test
        void anOpaAllow_keepsThePermit_andItsDecisionIdIsLogged() throws Exception {
            List<JsonNode> asked = new ArrayList<>();
            HttpServer server = opa("{\"result\": {\"allow\": true, \"deny\": []}, \"decision_id\": \"opa-7\"}", asked);
            try {
                List<JsonNode> logged = new ArrayList<>();
                ApiClient.Response r = decideWithOpa(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "opa-allow", logged);
                assertEquals(200, r.status(), r.body());
                assertEquals("opa-7", r.json().get("opaDecisionId").asText());
                assertEquals("opa-7", logged.get(0).get("body").get("opaDecisionId").asText());
                JsonNode input = asked.get(0).get("input");
                assertEquals("urn:sluis:participant:lab", input.get("caller").asText());
                assertEquals("NL-NH", input.get("region").asText());
                assertEquals("route-planning", input.get("purpose").asText());
                assertEquals("metered", input.get("datasetId").asText());
            } finally {
                server.stop(0);
            }
        }

        @Test
        void anOpaDeny_overridesThePermit_withOpasReasons() throws Exception {
            HttpServer server = opa("{\"result\": {\"allow\": false, \"deny\": [\"site rule 12: no trips data on weekends\"]},"
                    + " \"decision_id\": \"opa-8\"}", new ArrayList<>());
            try {
                List<JsonNode> logged = new ArrayList<>();
                ApiClient.Response r = decideWithOpa(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "opa-deny", logged);
                assertEquals(403, r.status(), r.body());
                assertEquals(List.of("OPA_DENIED"), codes(r.json()));
                assertTrue(r.json().get("detail").asText().contains("site rule 12"), r.body());
                assertEquals("access.denied", logged.get(0).get("kind").asText());
                assertEquals("opa-8", logged.get(0).get("body").get("opaDecisionId").asText());
            } finally {
                server.stop(0);
            }
        }

        @Test
        void anUnreachableOpa_deniesTheUse_sayingSo_andUsesNothing() throws Exception {
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            List<JsonNode> logged = new ArrayList<>();
            ApiClient.Response r = decideWithOpa(URI.create("http://127.0.0.1:" + closed), "opa-down", logged);
            assertEquals(403, r.status(), r.body());
            assertEquals(List.of("OPA_UNREACHABLE"), codes(r.json()));
            assertEquals(1, logged.size());
            assertEquals("access.denied", logged.get(0).get("kind").asText());
        }
    }
}
