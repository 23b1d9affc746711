package org.sluis.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.Exchange;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.store.TestDatabase;

/** What a provider's engineer does with the CLI: keygen, get registered, get a token, call the API with curl. */
class ParticipantCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;
    @TempDir
    static Path engineer;
    static TestDatabase db;
    static Exchange exchange;
    static URI base;

    @BeforeAll
    static void exchange() {
        db = TestDatabase.create();
        exchange = Exchange.start(db.config(dir));
        base = URI.create("http://127.0.0.1:" + exchange.port());
    }

    @AfterAll
    static void stop() {
        exchange.close();
        db.close();
    }

    static String token(Path key, Path cert) {
        ServeCommandTest.Run r = ServeCommandTest.run("token", "--url", base.toString(), "--key-file", key.toString(),
                "--cert-file", cert.toString());
        assertEquals(0, r.exitCode(), r.err());
        return r.out().strip();
    }

    static HttpResponse<String> call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void keygenThenRegistrationThenToken_letAnEngineerCallTheApi() throws Exception {
        ServeCommandTest.Run keygen = ServeCommandTest.run("keygen", "--id", "mobility-lab", "--out", engineer.toString());
        assertEquals(0, keygen.exitCode(), keygen.err());
        Path key = engineer.resolve("mobility-lab.key.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        String operator = token(dir.resolve(Bootstrap.KEY_FILE), dir.resolve(Bootstrap.CERT_FILE));
        String registration = JSON.createObjectNode().put("id", "mobility-lab").put("name", "Mobility Lab Eindhoven")
                .put("registrationNumber", "17123456").put("region", "NL-NB")
                .put("csr", Files.readString(engineer.resolve("mobility-lab.csr.pem")))
                .set("roles", JSON.createArrayNode().add("CONSUMER")).toString();
        HttpResponse<String> created = call("POST", "/v1/participants", operator, registration);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = JSON.readTree(created.body());
        StringBuilder chain = new StringBuilder(body.get("certificate").asText());
        body.get("caChain").forEach(ca -> chain.append(ca.asText()));
        Path cert = engineer.resolve("mobility-lab.cert.pem");
        Files.writeString(cert, chain);

        HttpResponse<String> me = call("GET", "/v1/participants/me", token(key, cert), null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("CONSUMER", JSON.readTree(me.body()).get("roles").get(0).asText());
    }

    @Test
    void keygen_refusesAnIdThatIsNotASlug() {
        ServeCommandTest.Run r = ServeCommandTest.run("keygen", "--id", "Not A Slug", "--out", engineer.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--id"), r.err());
    }

    @Test
    void token_withCredentialsTheExchangeDoesNotKnow_failsWithItsReason() throws Exception {
        ServeCommandTest.run("keygen", "--id", "stranger", "--out", engineer.toString());
        Path selfSigned = engineer.resolve("stranger.cert.pem");
        Files.writeString(selfSigned, Files.readString(dir.resolve(Bootstrap.CERT_FILE))); // someone else's certificate
        ServeCommandTest.Run r = ServeCommandTest.run("token", "--url", base.toString(),
                "--key-file", engineer.resolve("stranger.key.pem").toString(), "--cert-file", selfSigned.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("invalid_client"), r.err());
    }
}
