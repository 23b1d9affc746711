package org.sluis.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.Exchange;
import org.sluis.core.http.ApiClient;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.identity.CsrBuilder;
import org.sluis.core.store.TestDatabase;

/**
 * {@code sluis agreement verify} on an agreement made through the real API: the notary's
 * signature with the published keys, then its ledger entry's inclusion in a signed checkpoint.
 */
class AgreementCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestDatabase db;
    static Exchange exchange;
    static ApiClient api;
    static Path agreement;
    static Path jwks;
    static Path checkpoint;
    static Path proof;
    static String ledgerKey;

    @BeforeAll
    static void anAgreementWithItsProofs() throws Exception {
        db = TestDatabase.create();
        exchange = Exchange.start(db.config(dir.resolve("data")));
        URI base = URI.create("http://127.0.0.1:" + exchange.port());
        api = new ApiClient(base);
        Path data = dir.resolve("data");
        String operator = ClientCredentials.load(data.resolve(Bootstrap.KEY_FILE), data.resolve(Bootstrap.CERT_FILE)).fetchToken(base);
        String provider = register(base, operator, "clinic", "PROVIDER");
        String consumer = register(base, operator, "institute", "CONSUMER");
        ApiClient.Response published = api.post("/v1/datasets", provider, """
                {"id": "registry", "title": "Registry", "domain": "health",
                 "fields": [{"name": "x", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "registry.ndjson", "format": "ndjson"},
                 "offers": [{"id": "open", "template": "open-research", "autoAccept": true,
                             "parameters": {"attributionText": "Data: Clinic"}}]}""");
        assertEquals(201, published.status(), published.body());
        ApiClient.Response n = api.post("/v1/negotiations", consumer, "{\"datasetId\": \"registry\", \"offerId\": \"open\", \"purpose\": \"teaching\"}");
        assertEquals(201, n.status(), n.body());
        JsonNode a = api.get("/v1/agreements/" + n.json().get("agreementId").asText(), consumer).json();
        agreement = write("agreement.json", a.toString());
        jwks = write("jwks.json", api.get("/.well-known/jwks.json", null).body());
        checkpoint = write("checkpoint", api.post("/v1/ledger/checkpoint", operator, null).body());
        long size = Long.parseLong(Files.readAllLines(checkpoint).get(1));
        proof = write("proof.json", api.get("/v1/ledger/proof/inclusion?index=" + a.get("ledgerIndex").asLong() + "&treeSize=" + size, consumer).body());
        ledgerKey = api.get("/.well-known/sluis-configuration", null).json().get("ledgerVerifierKey").asText();
    }

    @AfterAll
    static void stop() {
        exchange.close();
        db.close();
    }

    private static String register(URI base, String operatorToken, String id, String role) throws Exception {
        KeyPair key = CsrBuilder.generateKey("EC");
        ApiClient.Response r = api.post("/v1/participants", operatorToken, JSON.createObjectNode().put("id", id).put("name", id)
                .put("registrationNumber", "12345678").put("region", "NL-NB").put("csr", CsrBuilder.csr(key, id))
                .set("roles", JSON.createArrayNode().add(role)).toString());
        assertEquals(201, r.status(), r.body());
        StringBuilder chain = new StringBuilder(r.json().get("certificate").asText());
        r.json().get("caChain").forEach(c -> chain.append(c.asText()));
        Path keyFile = write(id + ".key.pem", CsrBuilder.privateKeyPem(key.getPrivate(), null));
        Path certFile = write(id + ".cert.pem", chain.toString());
        return ClientCredentials.load(keyFile, certFile).fetchToken(base);
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void anAgreement_verifiesWithThePublishedKeys() {
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(), "--jwks", jwks.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("OK: agreement urn:sluis:agreement:"), r.out());
    }

    @Test
    void itsLedgerInclusion_verifiesAgainstASignedCheckpoint() {
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(), "--jwks", jwks.toString(),
                "--checkpoint", checkpoint.toString(), "--proof", proof.toString(), "--key", ledgerKey);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("is in the tree of checkpoint"), r.out());
    }

    @Test
    void theKeysCanBeFetchedFromTheExchange() {
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(),
                "--jwks", "http://127.0.0.1:" + exchange.port() + "/.well-known/jwks.json");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void aChangedTerm_fails() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(agreement));
        ((ObjectNode) doc.get("agreement")).put("assignee", "urn:sluis:participant:someone-else");
        Path changed = write("changed.json", doc.toString());
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", changed.toString(), "--jwks", jwks.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().startsWith("FAILED"), r.err());
    }

    @Test
    void aLedgerEntryThatDoesNotRecordTheAgreementsHash_fails() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(agreement));
        ((ObjectNode) doc.get("ledgerEntry").get("body")).put("agreementSha256", "00".repeat(32));
        Path changed = write("entry-changed.json", doc.toString());
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", changed.toString(), "--jwks", jwks.toString(),
                "--checkpoint", checkpoint.toString(), "--proof", proof.toString(), "--key", ledgerKey);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("records agreement sha256"), r.err());
    }

    @Test
    void aProofForAnotherTree_fails() throws Exception {
        ObjectNode p = (ObjectNode) JSON.readTree(Files.readString(proof));
        ((ArrayNode) p.get("path")).set(0, TextNode.valueOf(Base64.getEncoder().encodeToString(new byte[32])));
        Path bad = write("bad-proof.json", p.toString());
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(), "--jwks", jwks.toString(),
                "--checkpoint", checkpoint.toString(), "--proof", bad.toString(), "--key", ledgerKey);
        assertEquals(1, r.exitCode(), r.out());
    }

    @Test
    void keysFromAnotherExchange_fail() throws Exception {
        ECKey otherNotary = new ECKeyGenerator(Curve.P_256).keyID("notary-elsewhere").keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256).generate();
        Path other = write("other-jwks.json", new JWKSet(otherNotary.toPublicJWK()).toString());
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(), "--jwks", other.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("not among the published keys") || r.err().contains("notary-elsewhere"), r.err());
    }

    @Test
    void anEmptyKeySet_isUnusableInput() throws Exception {
        Path empty = write("empty-jwks.json", "{\"keys\": []}");
        ServeCommandTest.Run r = ServeCommandTest.run("agreement", "verify", agreement.toString(), "--jwks", empty.toString());
        assertEquals(2, r.exitCode(), r.out());
    }
}
