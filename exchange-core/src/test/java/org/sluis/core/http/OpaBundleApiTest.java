package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;

/** {@code GET /v1/opa/bundle.tar.gz}: the exchange's Rego and live facts for a provider's own OPA. */
class OpaBundleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String fab;
    static String lab;

    @BeforeAll
    static void start() {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER);
        server.register("fab", Role.PROVIDER);
        server.register("lab", "NL-NH", Set.of("research-institution"), Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        fab = server.tokenFor("fab");
        lab = server.tokenFor("lab");
        assertEquals(201, api.post("/v1/datasets", hospital, CatalogApiTest.dataset("cohort", "health", "Cohort", "health-secondary-use",
                CatalogApiTest.HEALTH)).status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> fetch(String token, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base.resolve("/v1/opa/bundle.tar.gz")).header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, String> entries(byte[] tarGz) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String agree(String dataset, String purpose) {
        ApiClient.Response r = api.post("/v1/negotiations", lab,
                "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"standard\", \"purpose\": \"" + purpose + "\"}");
        assertEquals("FINALIZED", r.json().get("state").asText(), r.body());
        return r.json().get("agreementId").asText();
    }

    @Test
    void theBundle_holdsManifestRegoAndTheFacts_theProviderSeesItsAgreementsOnly() throws Exception {
        String agreement = agree("cohort", "scientific-research");
        HttpResponse<byte[]> r = fetch(hospital, null);
        assertEquals(200, r.statusCode());
        assertEquals("application/gzip", r.headers().firstValue("Content-Type").orElse(""));
        Map<String, String> files = entries(r.body());
        assertEquals(Set.of(".manifest", "sluis/baseline/baseline.rego", "sluis/exchange/data.json"), files.keySet());
        JsonNode manifest = JSON.readTree(files.get(".manifest"));
        assertEquals("\"" + manifest.get("revision").asText() + "\"", r.headers().firstValue("ETag").orElseThrow());
        JsonNode data = JSON.readTree(files.get("sluis/exchange/data.json"));
        JsonNode a = data.get("agreements").get(agreement);
        assertEquals("urn:sluis:participant:lab", a.get("assignee").asText());
        assertEquals("cohort", a.get("datasetId").asText());
        assertEquals("active", a.get("status").asText());
        assertEquals("active", data.get("participants").get("urn:sluis:participant:lab").get("status").asText());
        assertEquals("[\"research-institution\"]", data.get("participants").get("urn:sluis:participant:lab").get("categories").toString());
        assertTrue(files.get("sluis/baseline/baseline.rego").contains("package sluis.baseline"));

        Map<String, String> fabs = entries(fetch(fab, null).body());
        assertFalse(JSON.readTree(fabs.get("sluis/exchange/data.json")).get("agreements").has(agreement),
                "a provider does not learn other providers' agreements");
    }

    @Test
    void theEtag_answersIfNoneMatchWith304_untilAnAgreementChanges() throws Exception {
        String etag = fetch(hospital, null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> same = fetch(hospital, etag);
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        assertEquals(304, fetch(hospital, "\"other\", " + etag).statusCode(), "a list of tags, one matching");
        assertEquals(304, fetch(hospital, "W/" + etag).statusCode(), "If-None-Match compares weakly");

        String agreement = agree("cohort", "public-health");
        HttpResponse<byte[]> changed = fetch(hospital, etag);
        assertEquals(200, changed.statusCode());
        String newer = changed.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, newer);

        assertEquals(200, api.post("/v1/agreements/" + agreement + "/terminate", lab, "{\"reason\": \"done\"}").status());
        HttpResponse<byte[]> ended = fetch(hospital, newer);
        assertEquals(200, ended.statusCode(), "a terminated agreement leaves the bundle");
        assertFalse(JSON.readTree(entries(ended.body()).get("sluis/exchange/data.json")).get("agreements").has(agreement));
    }

    @Test
    void aConsumerWithoutProviderRole_getsNoBundle_andNoTokenGets401() throws Exception {
        assertEquals(403, fetch(lab, null).statusCode());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/opa/bundle.tar.gz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
