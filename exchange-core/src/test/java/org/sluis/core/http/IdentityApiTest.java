package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.AccessTokenPolicy;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.identity.CsrBuilder;
import org.sluis.core.identity.Role;
import org.sluis.core.identity.StandingCache;
import org.sluis.core.identity.TokenIssuer;
import org.sluis.core.identity.VerifiedClient;

/** Identity through the real API: onboarding by CSR, tokens by signed client assertion, roles, revocation. */
class IdentityApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dataDir;
    static TestGateway server;
    static String operator;

    @BeforeAll
    static void boot() throws Exception {
        server = new TestGateway(dataDir).start();
        // The operator logs in the way any participant does: with the key and certificate bootstrap left it.
        operator = ClientCredentials.load(dataDir.resolve(Bootstrap.KEY_FILE), dataDir.resolve(Bootstrap.CERT_FILE))
                .fetchToken(server.base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> tokenRequest(String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.base.resolve("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(String clientId, String assertion) {
        return "grant_type=client_credentials&client_id=" + clientId
                + "&client_assertion_type=" + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion;
    }

    static ObjectNode registration(String id, KeyPair key, String... roles) {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("name", "Ziekenhuis " + id + " B.V.")
                .put("registrationNumber", "41215422").put("region", "NL-NH").put("csr", CsrBuilder.csr(key, id));
        var r = body.putArray("roles");
        for (String role : roles) {
            r.add(role);
        }
        return body;
    }

    static void assertProblem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    @Nested
    class Onboarding {
        @Test
        void theOperatorRegistersACsr_theParticipantLogsInWithItsOwnAssertion_andSeesItself() throws Exception {
            KeyPair key = CsrBuilder.generateKey("EC");
            HttpResponse<String> created = call("POST", "/v1/participants", operator, registration("hospital-a", key, "PROVIDER", "CUSTODIAN").toString());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode body = JSON.readTree(created.body());
            assertEquals("ACTIVE", body.get("status").asText());
            assertEquals("[\"CUSTODIAN\",\"PROVIDER\"]", body.get("roles").toString());
            List<X509Certificate> chain = new ArrayList<>(List.of(certificate(body.get("certificate").asText())));
            for (JsonNode ca : body.get("caChain")) {
                chain.add(certificate(ca.asText()));
            }
            assertEquals(1, body.get("caChain").size(), "the CA chain without the participant's own certificate");
            assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("CN=hospital-a"));

            String token = new ClientCredentials("hospital-a", key.getPrivate(), chain).fetchToken(server.base);
            HttpResponse<String> me = call("GET", "/v1/participants/me", token, null);
            assertEquals(200, me.statusCode(), me.body());
            assertEquals("hospital-a", JSON.readTree(me.body()).get("id").asText());

            JsonNode logged = JSON.readTree(call("GET", "/v1/ledger/entries?kind=participant.registered&participant=hospital-a", operator, null).body());
            assertEquals(1, logged.get("items").size(), "the registration is a ledger entry");
        }

        @Test
        void anInvalidRegistration_is400_namingEveryField() throws Exception {
            ObjectNode bad = JSON.createObjectNode().put("id", "Not A Slug!").put("name", "x").put("registrationNumber", "1")
                    .put("region", "netherlands").put("csr", "-----BEGIN CERTIFICATE REQUEST-----\ngarbage\n-----END CERTIFICATE REQUEST-----\n");
            bad.putArray("roles").add("KING");
            HttpResponse<String> r = call("POST", "/v1/participants", operator, bad.toString());
            assertProblem(r, 400);
            List<String> pointers = new ArrayList<>();
            JSON.readTree(r.body()).get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
            assertEquals(List.of("/id", "/region", "/roles/0"), pointers.stream().sorted().toList());
        }

        @Test
        void aCsrWhoseSignatureDoesNotMatch_is400_atCsr() throws Exception {
            ObjectNode body = registration("tampered", CsrBuilder.generateKey("EC"), "CONSUMER");
            String pem = body.get("csr").asText();
            String[] lines = pem.split("\n");
            lines[lines.length - 2] = lines[lines.length - 2].substring(0, 10) + (lines[lines.length - 2].charAt(10) == 'A' ? 'B' : 'A')
                    + lines[lines.length - 2].substring(11);
            body.put("csr", String.join("\n", lines) + "\n");
            HttpResponse<String> r = call("POST", "/v1/participants", operator, body.toString());
            assertProblem(r, 400);
            assertEquals("/csr", JSON.readTree(r.body()).get("errors").get(0).get("pointer").asText());
            assertEquals(404, call("GET", "/v1/participants/tampered", operator, null).statusCode(), "nothing was registered");
        }

        @Test
        void categories_areKeptAndShown_sortedAndWithoutDuplicates() throws Exception {
            ObjectNode body = registration("umc-lab", CsrBuilder.generateKey("EC"), "CONSUMER");
            body.putArray("categories").add("research-institution").add("academic-hospital").add("research-institution");
            HttpResponse<String> created = call("POST", "/v1/participants", operator, body.toString());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("[\"academic-hospital\",\"research-institution\"]", JSON.readTree(created.body()).get("categories").toString());
            HttpResponse<String> read = call("GET", "/v1/participants/umc-lab", operator, null);
            assertEquals("[\"academic-hospital\",\"research-institution\"]", JSON.readTree(read.body()).get("categories").toString());
        }

        @Test
        void aParticipantWithoutCategories_hasAnEmptyList() throws Exception {
            HttpResponse<String> created = call("POST", "/v1/participants", operator,
                    registration("plain-consumer", CsrBuilder.generateKey("EC"), "CONSUMER").toString());
            assertEquals("[]", JSON.readTree(created.body()).get("categories").toString());
        }

        @Test
        void aMalformedCategory_is400_atItsPointer_andNothingIsRegistered() throws Exception {
            ObjectNode body = registration("bad-categories", CsrBuilder.generateKey("EC"), "CONSUMER");
            body.putArray("categories").add("research").add("Robert'); DROP TABLE participant;--").add(7);
            HttpResponse<String> r = call("POST", "/v1/participants", operator, body.toString());
            assertProblem(r, 400);
            List<String> pointers = new ArrayList<>();
            JSON.readTree(r.body()).get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
            assertEquals(List.of("/categories/1", "/categories/2"), pointers);
            assertEquals(404, call("GET", "/v1/participants/bad-categories", operator, null).statusCode());
            body.put("categories", "research");
            assertEquals("/categories", JSON.readTree(call("POST", "/v1/participants", operator, body.toString()).body())
                    .get("errors").get(0).get("pointer").asText());
        }

        @Test
        void aTakenId_is409() throws Exception {
            assertEquals(201, call("POST", "/v1/participants", operator, registration("twice", CsrBuilder.generateKey("EC"), "CONSUMER").toString()).statusCode());
            assertProblem(call("POST", "/v1/participants", operator, registration("twice", CsrBuilder.generateKey("EC"), "CONSUMER").toString()), 409);
        }
    }

    @Nested
    class TokenEndpoint {
        @Test
        void aReplayedAssertion_isRefused_andNothingIsIssued() throws Exception {
            ClientCredentials lab = server.register("lab-replay", Role.CONSUMER);
            String assertion = lab.assertion(server.identity.tokenEndpoint(), Instant.now());
            assertEquals(200, tokenRequest(form("lab-replay", assertion)).statusCode());
            HttpResponse<String> again = tokenRequest(form("lab-replay", assertion));
            assertEquals(401, again.statusCode());
            assertEquals("invalid_client", JSON.readTree(again.body()).get("error").asText());
            assertFalse(again.body().contains("access_token"));
        }

        @Test
        void anAssertionReplayedAtAnotherInstance_isRefusedThereToo() throws Exception {
            try (TestGateway second = new TestGateway(server).start()) {
                ClientCredentials lab = server.register("lab-two-nodes", Role.CONSUMER);
                String assertion = lab.assertion(server.identity.tokenEndpoint(), Instant.now());
                assertEquals(200, tokenRequest(form("lab-two-nodes", assertion)).statusCode());
                HttpResponse<String> elsewhere = HTTP.send(HttpRequest.newBuilder(second.base.resolve("/oauth/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form("lab-two-nodes", assertion))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, elsewhere.statusCode(), elsewhere.body());
                assertEquals("invalid_client", JSON.readTree(elsewhere.body()).get("error").asText());
            }
        }

        @Test
        void theBootstrapOperatorsKeyAndCertificate_areOwnerOnlyFiles() throws Exception {
            for (String file : List.of(Bootstrap.KEY_FILE, Bootstrap.CERT_FILE)) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(file))), file);
            }
        }

        @Test
        void anUnsignedAssertion_isRefused() throws Exception {
            String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"operator\",\"sub\":\"operator\",\"aud\":\""
                    + server.identity.tokenEndpoint() + "\",\"exp\":" + (Instant.now().getEpochSecond() + 60) + ",\"iat\":"
                    + Instant.now().getEpochSecond() + ",\"jti\":\"x1\"}").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = tokenRequest(form("operator", "eyJhbGciOiJub25lIn0." + claims + "."));
            assertEquals(401, r.statusCode());
            assertEquals("invalid_client", JSON.readTree(r.body()).get("error").asText());
        }

        @Test
        void aWrongGrantOrMissingAssertion_areRfc6749Errors() throws Exception {
            HttpResponse<String> grant = tokenRequest("grant_type=password&client_id=a&client_assertion_type=x&client_assertion=y");
            assertEquals(400, grant.statusCode());
            assertEquals("unsupported_grant_type", JSON.readTree(grant.body()).get("error").asText());
            HttpResponse<String> missing = tokenRequest("grant_type=client_credentials&client_id=a");
            assertEquals(400, missing.statusCode());
            assertEquals("invalid_request", JSON.readTree(missing.body()).get("error").asText());
            assertEquals("no-store", missing.headers().firstValue("Cache-Control").orElse(""));
        }

        @Test
        void aRevokedParticipant_getsNoToken() throws Exception {
            ClientCredentials gone = server.register("gone-soon", Role.CONSUMER);
            assertEquals(200, call("POST", "/v1/participants/gone-soon/revoke", operator, "{\"reason\":\"contract ended\"}").statusCode());
            HttpResponse<String> r = tokenRequest(form("gone-soon", gone.assertion(server.identity.tokenEndpoint(), Instant.now())));
            assertEquals(400, r.statusCode());
            assertEquals("unauthorized_client", JSON.readTree(r.body()).get("error").asText());
        }
    }

    @Nested
    class ProtectedRoutes {
        @Test
        void noTokenATamperedTokenAnExpiredTokenOrAnotherIssuersToken_are401ProblemJson() throws Exception {
            server.register("lab-401", Role.CONSUMER);
            String good = server.tokenFor("lab-401");
            String[] parts = good.split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("CONSUMER", "OPERATOR");
            String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
            var p = server.identity.registry().find("lab-401").orElseThrow();
            VerifiedClient client = new VerifiedClient(p.id(), Set.of("CONSUMER"), p.certificateSha256());
            String expired = server.identity.tokens().issuer().issue(client, Instant.now().minus(Duration.ofHours(1)));
            TokenIssuer stranger = new TokenIssuer(AccessTokenPolicy.standard(server.config.publicUrl(0).toString().replaceAll("/+$", "")),
                    TokenIssuer.generateKey(server.identity.tokens().issuer().currentKeyId()), List.of());
            String foreign = stranger.issue(client, Instant.now());
            for (String token : new String[] {null, tampered, expired, foreign}) {
                HttpResponse<String> r = call("GET", "/v1/participants/me", token, null);
                assertProblem(r, 401);
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            }
            assertEquals(200, call("GET", "/v1/participants/me", good, null).statusCode(), "the untouched token works");
        }

        @Test
        void eachRoleGatedRoute_refusesAParticipantWithoutTheRole() throws Exception {
            server.register("consumer-only", Role.CONSUMER);
            String token = server.tokenFor("consumer-only");
            assertProblem(call("POST", "/v1/participants", token, registration("x-" + System.nanoTime() % 1000, CsrBuilder.generateKey("EC"), "CONSUMER").toString()), 403);
            assertProblem(call("GET", "/v1/participants", token, null), 403);
            assertProblem(call("GET", "/v1/participants/operator", token, null), 403);
            for (String action : List.of("suspend", "reinstate", "revoke")) {
                assertProblem(call("POST", "/v1/participants/operator/" + action, token, null), 403);
            }
            assertProblem(call("POST", "/v1/ledger/checkpoint", token, null), 403);
            assertProblem(call("GET", "/v1/ledger/export", token, null), 403);
            assertProblem(call("GET", "/v1/ledger/entries?participant=operator", token, null), 403);
            assertEquals(200, call("GET", "/v1/participants/operator", operator, null).statusCode());
        }

        @Test
        void aParticipantReadsOnlyTheLedgerEntriesThatConcernIt() throws Exception {
            server.register("reader", Role.CONSUMER);
            JsonNode items = JSON.readTree(call("GET", "/v1/ledger/entries?limit=1000", server.tokenFor("reader"), null).body()).get("items");
            assertTrue(items.size() >= 1);
            items.forEach(i -> assertTrue(i.get("entry").get("participants").toString().contains("\"reader\""), i.toString()));
            long operatorsEntry = JSON.readTree(call("GET", "/v1/ledger/entries?participant=operator&limit=1", operator, null).body())
                    .get("items").get(0).get("index").asLong();
            assertProblem(call("GET", "/v1/ledger/entries/" + operatorsEntry, server.tokenFor("reader"), null), 404);
        }

        @Test
        void aRevocationThroughOneInstance_stopsTheTokenOnAnotherWithinOneSecond() throws Exception {
            try (TestGateway second = new TestGateway(server).start()) {
                server.register("revoked-soon", Role.CONSUMER);
                String token = server.tokenFor("revoked-soon");
                String onSecond = token; // one token, honoured by both instances (shared database and keys)
                assertEquals(200, call("GET", "/v1/participants/me", token, null).statusCode());
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(second.base.resolve("/v1/participants/me"))
                        .header("Authorization", "Bearer " + onSecond).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                        "the second instance honours it and caches the participant as active");

                assertEquals(200, call("POST", "/v1/participants/revoked-soon/suspend", operator, null).statusCode());
                assertProblem(call("GET", "/v1/participants/me", token, null), 401);
                Thread.sleep(StandingCache.TTL.toMillis() + 100); // the guarantee is one second; the cache trusts a read for half that
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(second.base.resolve("/v1/participants/me"))
                        .header("Authorization", "Bearer " + onSecond).build(), HttpResponse.BodyHandlers.ofString());
                assertProblem(r, 401);
                assertTrue(r.body().contains("suspended"), r.body());
            }
        }
    }

    @Nested
    class Discovery {
        @Test
        void jwks_publishesTheTokenAndLedgerKeys_eachWithKidUseAndAlg_andNoPrivateParts() throws Exception {
            HttpResponse<String> r = call("GET", "/.well-known/jwks.json", null, null);
            assertEquals(200, r.statusCode());
            JsonNode keys = JSON.readTree(r.body()).get("keys");
            List<String> algs = new ArrayList<>();
            for (JsonNode k : keys) {
                assertTrue(k.hasNonNull("kid") && k.hasNonNull("use") && k.hasNonNull("alg"), k.toString());
                assertFalse(k.has("d"), "no private part: " + k);
                algs.add(k.get("alg").asText());
            }
            assertTrue(algs.contains("ES256") && algs.contains("EdDSA"), algs.toString());
        }

        @Test
        void theConfiguration_namesTheTokenEndpointAndJwks() throws Exception {
            JsonNode c = JSON.readTree(call("GET", "/.well-known/sluis-configuration", null, null).body());
            assertEquals(server.identity.tokenEndpoint().toString(), c.get("tokenEndpoint").asText());
            assertTrue(c.get("jwksUri").asText().endsWith("/.well-known/jwks.json"));
            assertEquals(URI.create(c.get("issuer").asText()).resolve("/v1").toString(), c.get("apiBase").asText());
        }
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
