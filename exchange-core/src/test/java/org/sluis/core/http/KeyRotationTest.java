package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;
import org.sluis.core.identity.KeyRing;

/** Rotating the token key through the API: logged, old tokens keep working, every instance follows. */
class KeyRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;

    static HttpResponse<String> call(URI base, String method, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String kid(String jwt) throws Exception {
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).get("kid").asText();
    }

    @Test
    void rotation_isLogged_oldTokensStillWork_newTokensUseTheNewKey_andTheOtherInstanceFollows() throws Exception {
        try (TestGateway a = new TestGateway(dataDir).start(); TestGateway b = new TestGateway(a).start()) {
            a.register("lab", Role.CONSUMER);
            String before = a.tokenFor("lab");
            String operator = a.tokenFor("operator");

            HttpResponse<String> rotated = call(a.base, "POST", "/v1/keys/token/rotate", operator);
            assertEquals(200, rotated.statusCode(), rotated.body());
            JsonNode r = JSON.readTree(rotated.body());
            assertEquals(kid(before), r.get("oldKeyId").asText());

            String after = a.tokenFor("lab");
            assertEquals(r.get("newKeyId").asText(), kid(after));
            assertNotEquals(kid(before), kid(after));
            assertEquals(200, call(a.base, "GET", "/v1/participants/me", before).statusCode(), "a token signed before still works");
            assertEquals(200, call(a.base, "GET", "/v1/participants/me", after).statusCode());

            List<String> published = new ArrayList<>();
            JSON.readTree(HTTP.send(HttpRequest.newBuilder(a.base.resolve("/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("keys").forEach(k -> published.add(k.get("kid").asText()));
            assertEquals(List.of(kid(after), kid(before)), published.subList(0, 2), "the new key first, the retired one still published");

            JsonNode logged = JSON.readTree(call(a.base, "GET", "/v1/ledger/entries?kind=key.rotated", operator).body()).get("items");
            assertEquals(1, logged.size());
            assertEquals(r.get("newKeyId").asText(), logged.get(0).get("entry").get("body").get("newKeyId").asText());

            // Instances re-read the shared key file every KeyRing.RELOAD_EVERY; allow a few periods.
            TestGateway.await(5 * (int) KeyRing.RELOAD_EVERY.toSeconds(),
                    () -> call(b.base, "GET", "/v1/participants/me", after).statusCode() == 200);
            assertEquals(200, call(b.base, "GET", "/v1/participants/me", before).statusCode(), "and still the retired one");
            assertEquals(kid(after), kid(b.tokenFor("lab")), "and signs with the new key");
        }
    }

    @Test
    void theNotaryKey_rotatesToo_andItsOldKeyStaysPublished() throws Exception {
        try (TestGateway a = new TestGateway(dataDir).start()) {
            String operator = a.tokenFor("operator");
            HttpResponse<String> rotated = call(a.base, "POST", "/v1/keys/notary/rotate", operator);
            assertEquals(200, rotated.statusCode(), rotated.body());
            JsonNode r = JSON.readTree(rotated.body());
            String jwks = HTTP.send(HttpRequest.newBuilder(a.base.resolve("/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(jwks.contains(r.get("newKeyId").asText()) && jwks.contains(r.get("oldKeyId").asText()), jwks);
            JsonNode logged = JSON.readTree(call(a.base, "GET", "/v1/ledger/entries?kind=key.rotated", operator).body()).get("items");
            assertEquals("notary", logged.get(0).get("entry").get("body").get("key").asText());
            assertEquals(404, call(a.base, "POST", "/v1/keys/nonsense/rotate", operator).statusCode());
        }
    }

    @Test
    void onlyTheOperator_mayRotate() throws Exception {
        try (TestGateway a = new TestGateway(dataDir).start()) {
            a.register("auditor-x", Role.AUDITOR);
            HttpResponse<String> r = call(a.base, "POST", "/v1/keys/token/rotate", a.tokenFor("auditor-x"));
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("OPERATOR"), r.body());
        }
    }
}
