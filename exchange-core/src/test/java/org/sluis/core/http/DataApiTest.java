package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;

/** {@code GET /v1/data/{agreementId}}: records pulled through the gate, obligations applied, logged before and after. */
class DataApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dataDir;
    static TestGateway server;
    static ApiClient api;
    static String hospital;
    static String lab;
    static String otherLab;
    static String operator;

    @BeforeAll
    static void start() throws Exception {
        server = new TestGateway(dataDir).start();
        api = new ApiClient(server.base);
        server.register("hospital", Role.PROVIDER, Role.CUSTODIAN);
        server.register("lab", Role.CONSUMER);
        server.register("other-lab", Role.CONSUMER);
        hospital = server.tokenFor("hospital");
        lab = server.tokenFor("lab");
        otherLab = server.tokenFor("other-lab");
        operator = server.tokenFor("operator");
        Path files = server.config.filesRoot();
        Files.createDirectories(files);
        List<String> vitals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            vitals.add("{\"patientId\": \"p-" + i + "\", \"age\": " + (40 + i) + ", \"value\": " + (i * 1.5) + "}");
        }
        Files.write(files.resolve("vitals.ndjson"), vitals);
        try (BufferedWriter w = Files.newBufferedWriter(files.resolve("big.ndjson"))) {
            for (int i = 0; i < 400_000; i++) {
                w.write("{\"patientId\": \"p-" + (i % 1000) + "\", \"age\": " + (i % 90) + ", \"value\": " + i
                        + (i % 1000 == 7 ? ", \"note\": \"late-marker\"" : "") + "}\n");
            }
        }
        publish("vitals", "vitals.ndjson");
        publish("big", "big.ndjson");
        assertEquals(201, api.post("/v1/consents", hospital, """
                {"consents": [{"subject": "p-3", "datasetId": "vitals", "decision": "deny"}]}""").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void publish(String id, String path) {
        ApiClient.Response r = api.post("/v1/datasets", hospital, """
                {"id": "%s", "title": "Vitals", "domain": "health",
                 "fields": [{"name": "patientId", "type": "string", "sensitivity": "identifier"},
                            {"name": "age", "type": "integer", "sensitivity": "quasi-identifier"},
                            {"name": "value", "type": "number", "sensitivity": "sensitive"},
                            {"name": "note", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "%s", "format": "ndjson"},
                 "consent": {"mode": "opt-out", "subjectField": "patientId"},
                 "offers": [{"id": "standard", "template": "health-secondary-use", "autoAccept": true, "parameters":
                   {"purposes": ["scientific-research", "public-health"], "retentionDays": 30, "pseudonymisedFields": ["patientId"]}}]}
                """.formatted(id, path));
        assertEquals(201, r.status(), r.body());
    }

    static String agreement(String token, String dataset) {
        ApiClient.Response r = api.post("/v1/negotiations", token,
                "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"standard\", \"purpose\": \"scientific-research\"}");
        assertEquals("FINALIZED", r.json().get("state").asText(), r.body());
        return r.json().get("agreementId").asText();
    }

    static HttpResponse<byte[]> pull(String token, String agreementId, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/data/" + agreementId + "?" + query))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static List<JsonNode> ndjson(byte[] body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static JsonNode transfer(String token, String id) {
        ApiClient.Response r = api.get("/v1/transfers/" + id, token);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Nested
    class Pull {
        @Test
        void aPermittedPull_deliversTheRecordsWithObligationsApplied_andLogsTheDigestOfExactlyThoseBytes() throws Exception {
            String id = agreement(lab, "vitals");
            HttpResponse<byte[]> r = pull(lab, id, "purpose=scientific-research");
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElse(""));
            List<JsonNode> records = ndjson(r.body());
            assertEquals(19, records.size(), "p-3 opted out");
            for (JsonNode rec : records) {
                // A pseudonym is 43 base64url characters; it may start with "p-" by chance (1 in 4,096), a raw id never has 43.
                assertTrue(rec.get("patientId").asText().matches("[A-Za-z0-9_-]{43}"), "pseudonymised: " + rec);
                assertEquals(3, rec.size(), rec.toString());
            }
            assertEquals(40, records.get(0).get("age").asInt());

            String transferId = r.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow();
            JsonNode t = transfer(lab, transferId);
            assertEquals("completed", t.get("state").asText());
            assertEquals(19, t.get("records").asLong());
            assertEquals(r.body().length, t.get("bytes").asLong());
            assertEquals(sha256(r.body()), t.get("sha256").asText());
            JsonNode completed = api.get("/v1/ledger/entries?kind=transfer.completed&agreement=" + id, operator).json().get("items").get(0);
            assertEquals(sha256(r.body()), completed.get("entry").get("body").get("sha256").asText());
            assertTrue(t.get("decisionLedgerIndex").asLong() < completed.get("index").asLong(), "the decision is logged first");
            assertEquals(transfer(hospital, transferId).get("sha256"), t.get("sha256"), "the provider sees the same transfer");
        }

        @Test
        void pseudonymsAreStableWithinAnAgreement_andDifferBetweenAgreements() throws Exception {
            String first = agreement(lab, "vitals");
            String second = agreement(otherLab, "vitals");
            List<JsonNode> a = ndjson(pull(lab, first, "purpose=scientific-research").body());
            List<JsonNode> again = ndjson(pull(lab, first, "purpose=scientific-research").body());
            List<JsonNode> b = ndjson(pull(otherLab, second, "purpose=scientific-research").body());
            assertEquals(a.get(0).get("patientId"), again.get(0).get("patientId"));
            assertNotEquals(a.get(0).get("patientId"), b.get(0).get("patientId"), "two consumers cannot link their copies");
        }

        @Test
        void csvWithFieldsAndLimit_isExactlyThoseColumnsAndRows() throws Exception {
            String id = agreement(lab, "vitals");
            HttpResponse<byte[]> r = pull(lab, id, "purpose=scientific-research&format=csv&fields=age,value&limit=3");
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("age,value\r\n40,0.0\r\n41,1.5\r\n42,3.0\r\n", new String(r.body(), StandardCharsets.UTF_8));
        }

        @Test
        void jsonFormat_isOneArray() throws Exception {
            String id = agreement(lab, "vitals");
            HttpResponse<byte[]> r = pull(lab, id, "purpose=scientific-research&format=json&limit=2&fields=age");
            assertEquals("[{\"age\":40},{\"age\":41}]", new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Refused {
        @Test
        void aWrongPurpose_is403BeforeAnyByte_andNoTransferRuns() throws Exception {
            String id = agreement(lab, "vitals");
            HttpResponse<byte[]> r = pull(lab, id, "purpose=marketing");
            assertEquals(403, r.statusCode());
            assertTrue(r.headers().firstValue("X-Sluis-Transfer-Id").isEmpty());
            assertEquals(0, api.get("/v1/ledger/entries?kind=transfer.completed&agreement=" + id, operator).json().get("items").size());
        }

        @Test
        void anUnknownFieldOrAResumePointOnAFile_is400NamingTheParameter_andNothingIsDecided() throws Exception {
            String id = agreement(lab, "vitals");
            HttpResponse<byte[]> fields = pull(lab, id, "purpose=scientific-research&fields=age,diagnosis");
            assertEquals(400, fields.statusCode());
            assertEquals("fields", JSON.readTree(fields.body()).get("errors").get(0).get("parameter").asText());
            HttpResponse<byte[]> since = pull(lab, id, "purpose=scientific-research&since=p-5");
            assertEquals(400, since.statusCode());
            assertEquals("since", JSON.readTree(since.body()).get("errors").get(0).get("parameter").asText());
            assertEquals(400, pull(lab, id, "format=xml&purpose=scientific-research").statusCode());
            assertEquals(400, pull(lab, id, "").statusCode(), "purpose is required");
            assertEquals(0, api.get("/v1/ledger/entries?kind=access.permitted&agreement=" + id, operator).json().get("items").size());
        }

        @Test
        void anotherConsumersAgreement_is404_andItsTransfersAreInvisible() throws Exception {
            String id = agreement(lab, "vitals");
            assertEquals(404, pull(otherLab, id, "purpose=scientific-research").statusCode());
            String transferId = pull(lab, id, "purpose=scientific-research").headers().firstValue("X-Sluis-Transfer-Id").orElseThrow();
            assertEquals(404, api.get("/v1/transfers/" + transferId, otherLab).status());
        }
    }

    @Nested
    class Interrupted {
        /** Sends a pull over a raw socket and returns it, the response not yet read. */
        private Socket rawPull(String agreementId) throws Exception {
            Socket s = new Socket("127.0.0.1", server.base.getPort());
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/data/" + agreementId + "?purpose=scientific-research HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + lab
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return s;
        }

        private String transferIdOf(InputStream in) throws Exception {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-sluis-transfer-id:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            throw new AssertionError("no transfer id in " + head);
        }

        @Test
        void aClientThatDisconnects_yieldsAnAbortedCompletionWithWhatWasSent() throws Exception {
            String id = agreement(lab, "big");
            String transferId;
            try (Socket s = rawPull(id)) {
                InputStream in = s.getInputStream();
                transferId = transferIdOf(in);
                in.readNBytes(100_000);
            }
            TestGateway.await(5, () -> transfer(lab, transferId).get("state").asText().equals("aborted"));
            JsonNode t = transfer(lab, transferId);
            assertTrue(t.get("bytes").asLong() >= 100_000, t.toString());
            assertTrue(t.get("records").asLong() > 0 && t.get("records").asLong() < 400_000, t.toString());
            JsonNode completed = api.get("/v1/ledger/entries?kind=transfer.completed&agreement=" + id, operator).json().get("items").get(0);
            assertEquals("aborted", completed.get("entry").get("body").get("state").asText());
            assertEquals(t.get("sha256").asText(), completed.get("entry").get("body").get("sha256").asText());
        }
        @Test
        void aTerminatedAgreement_stopsARunningTransferWithinASecond() throws Exception {
            String id = agreement(lab, "big");
            try (Socket s = rawPull(id)) {
                InputStream in = s.getInputStream();
                String transferId = transferIdOf(in);
                in.readNBytes(10_000); // then stop reading: the transfer waits on back-pressure
                assertEquals(200, api.post("/v1/agreements/" + id + "/terminate", hospital,
                        "{\"reason\": \"consent withdrawn by the ethics board\"}").status());
                long terminated = System.nanoTime();
                Thread drain = new Thread(() -> {
                    try {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (java.io.IOException expected) {
                        // the exchange resets the stream
                    }
                });
                drain.start();
                TestGateway.await(3, () -> transfer(lab, transferId).get("state").asText().equals("aborted"));
                assertTrue(System.nanoTime() - terminated < 2_500_000_000L);
                assertTrue(transfer(lab, transferId).get("error").asText().contains("terminated"), transfer(lab, transferId).toString());
                drain.join(5000);
            }
        }

        @Test
        void aConsentRevokedMidStream_stopsThatSubjectsRecords() throws Exception {
            String id = agreement(lab, "big");
            try (Socket s = rawPull(id)) {
                InputStream in = s.getInputStream();
                transferIdOf(in);
                byte[] before = in.readNBytes(200_000);
                assertTrue(new String(before, StandardCharsets.UTF_8).contains("late-marker"), "the subject flows before");
                assertEquals(201, api.post("/v1/consents", hospital, """
                        {"consents": [{"subject": "p-7", "datasetId": "big", "decision": "deny"}]}""").status());
                Thread.sleep(1500); // within a second every instance's cache has dropped the custodian's consents
                String tail = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // what was already in socket buffers may still carry it; the last megabytes of the stream do not
                assertTrue(tail.length() > 8_000_000, "the stream went on: " + tail.length());
                assertFalse(tail.substring(tail.length() - 5_000_000).contains("late-marker"), "the revoked subject's records stop appearing");
            }
        }
    }
}
