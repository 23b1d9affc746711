package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.core.ledger.CheckpointNote;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.ledger.LedgerVerifier;
import org.sluis.core.ledger.MerkleHash;
import org.sluis.core.ledger.MerkleProofs;
import org.sluis.core.ledger.NoteVerifier;
import org.sluis.core.ledger.SignedCheckpoint;

/** The auditor API over real sockets: what an auditor's tool does, end to end. */
class LedgerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int ENTRIES = 57;

    @TempDir
    static Path dataDir;
    static TestGateway server;
    static String operatorToken;

    @BeforeAll
    static void boot() {
        server = new TestGateway(dataDir).start();
        operatorToken = server.tokenFor("operator");
        for (int i = 0; i < ENTRIES; i++) {
            LedgerEvent e = i % 3 == 0
                    ? new LedgerEvent.AgreementSigned("agr-" + i, "ds-heart", "hospital", "lab-" + (i % 2), "ab12")
                    : new LedgerEvent.AccessDecided("d-" + i, "agr-" + (i - 1), "ds-heart", "hospital", "lab-" + (i % 2), "research", "use",
                            true, List.of(), List.of(), null);
            server.ledger.append(e, "hospital", "req-" + i).join();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, boolean authorised) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base.resolve(path));
        if (authorised) {
            b.header("Authorization", "Bearer " + operatorToken);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path, true);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static NoteVerifier publishedKey() throws Exception {
        JsonNode config = JSON.readTree(get("/.well-known/sluis-configuration", false).body());
        assertTrue(config.get("ledgerCheckpoint").asText().endsWith("/v1/ledger/checkpoint"));
        return NoteVerifier.parse(config.get("ledgerVerifierKey").asText());
    }

    static SignedCheckpoint signedCheckpoint() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/ledger/checkpoint"))
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return CheckpointNote.verify(r.body(), publishedKey());
    }

    @Nested
    class Checkpoint {
        @Test
        void theLatestCheckpoint_isPublic_andSignedByThePublishedKey() throws Exception {
            signedCheckpoint();
            HttpResponse<String> r = get("/v1/ledger/checkpoint", false);
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            SignedCheckpoint c = CheckpointNote.verify(r.body(), publishedKey());
            assertEquals(server.ledger.size(), c.checkpoint().size());
            String[] lines = r.body().split("\n");
            assertEquals(String.valueOf(c.checkpoint().size()), lines[1], "origin, size, root, blank, signatures");
            assertEquals("", lines[3]);
            assertTrue(lines[4].startsWith("\u2014 "));
        }

        @Test
        void signingOnDemand_needsTheOperator() throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/ledger/checkpoint"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
        }
    }

    @Nested
    class Access {
        @Test
        void withoutAToken_entriesAre401_withAChallenge() throws Exception {
            HttpResponse<String> r = get("/v1/ledger/entries", false);
            assertEquals(401, r.statusCode());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        }

        @Test
        void aTamperedToken_is401_forEveryLedgerRoute() throws Exception {
            for (String path : List.of("/v1/ledger/entries", "/v1/ledger/entries/0", "/v1/ledger/export",
                    "/v1/ledger/proof/inclusion?index=0&treeSize=1", "/v1/ledger/proof/consistency?from=1&to=2")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.base.resolve(path))
                        .header("Authorization", "Bearer " + operatorToken.substring(0, operatorToken.length() - 2) + "AA").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode(), path);
                assertFalse(r.body().contains("hospital"), path);
            }
        }
    }

    @Nested
    class Entries {
        @Test
        void pagesFollowTheCursor_throughEveryEntryInOrder() throws Exception {
            List<Long> seen = new ArrayList<>();
            String path = "/v1/ledger/entries?limit=10";
            while (true) {
                JsonNode page = json(path);
                page.get("items").forEach(item -> seen.add(item.get("index").asLong()));
                if (page.get("next").isNull()) {
                    break;
                }
                path = "/v1/ledger/entries?limit=10&cursor=" + page.get("next").asText();
            }
            assertEquals(server.ledger.size(), seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i, seen.get(i));
            }
        }

        @Test
        void filtersByKindParticipantAndAgreement() throws Exception {
            JsonNode signed = json("/v1/ledger/entries?kind=agreement.signed&limit=1000").get("items");
            assertEquals((ENTRIES + 2) / 3, signed.size());
            signed.forEach(i -> assertEquals("agreement.signed", i.get("entry").get("kind").asText()));
            JsonNode lab0 = json("/v1/ledger/entries?participant=lab-0&limit=1000").get("items");
            lab0.forEach(i -> assertTrue(i.get("entry").get("participants").toString().contains("\"lab-0\"")));
            assertTrue(lab0.size() > 0 && lab0.size() < ENTRIES);
            JsonNode agr = json("/v1/ledger/entries?agreement=agr-3").get("items");
            assertEquals(2, agr.size(), "the signing and the access under it");
        }

        @Test
        void anInjectionStringInAFilter_isJustAValueThatMatchesNothing() throws Exception {
            String evil = URLEncoder.encode("x' OR '1'='1'; DROP TABLE ledger_entry; --", StandardCharsets.UTF_8);
            long before = server.ledger.size();
            assertEquals(0, json("/v1/ledger/entries?kind=" + evil).get("items").size());
            assertEquals(before, server.ledger.size());
            assertTrue(before >= ENTRIES);
        }

        @Test
        void anEntry_isServedWithTheHashOfItsCanonicalBytes() throws Exception {
            JsonNode e = json("/v1/ledger/entries/5");
            byte[] leaf = MerkleHash.leaf(CanonicalJson.canonicalize(e.get("entry")));
            assertEquals(Base64.getEncoder().encodeToString(leaf), e.get("leafHash").asText());
            assertEquals(server.ledger.entry(5).orElseThrow().getRequestId(), e.get("entry").get("requestId").asText());
            assertEquals(5, e.get("index").asLong());
        }

        @Test
        void badParameters_are400_namingEachParameter() throws Exception {
            HttpResponse<String> r = get("/v1/ledger/entries?limit=0&since=yesterday&cursor=zzz", true);
            assertEquals(400, r.statusCode());
            JsonNode errors = JSON.readTree(r.body()).get("errors");
            List<String> names = new ArrayList<>();
            errors.forEach(err -> names.add(err.get("parameter").asText()));
            assertEquals(List.of("cursor", "limit", "since"), names.stream().sorted().toList());
            assertEquals(404, get("/v1/ledger/entries/1000000", true).statusCode());
            assertEquals(400, get("/v1/ledger/entries/minus-one", true).statusCode());
        }
    }

    @Nested
    class Proofs {
        @Test
        void inclusionProofs_verifyAgainstTheSignedCheckpoint() throws Exception {
            SignedCheckpoint c = signedCheckpoint();
            long size = c.checkpoint().size();
            for (long i = 0; i < size; i += 7) {
                JsonNode p = json("/v1/ledger/proof/inclusion?index=" + i + "&treeSize=" + size);
                List<byte[]> path = new ArrayList<>();
                p.get("path").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
                MerkleProofs.verifyInclusion(Base64.getDecoder().decode(p.get("leafHash").asText()), i, size, path,
                        c.checkpoint().rootHash());
            }
        }

        @Test
        void consistencyProofs_linkTwoSignedCheckpoints() throws Exception {
            SignedCheckpoint before = signedCheckpoint();
            server.ledger.append(new LedgerEvent.KeyRotated("token", "k1", "k2"), "operator", null).join();
            SignedCheckpoint after = signedCheckpoint();
            JsonNode p = json("/v1/ledger/proof/consistency?from=" + before.checkpoint().size() + "&to=" + after.checkpoint().size());
            List<byte[]> path = new ArrayList<>();
            p.get("path").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
            MerkleProofs.verifyConsistency(before.checkpoint().size(), after.checkpoint().size(),
                    before.checkpoint().rootHash(), after.checkpoint().rootHash(), path);
        }

        @Test
        void missingOrImpossibleArguments_are400() throws Exception {
            HttpResponse<String> r = get("/v1/ledger/proof/inclusion", true);
            assertEquals(400, r.statusCode());
            assertEquals(2, JSON.readTree(r.body()).get("errors").size());
            assertEquals(400, get("/v1/ledger/proof/inclusion?index=0&treeSize=999999", true).statusCode());
            assertEquals(400, get("/v1/ledger/proof/consistency?from=5&to=2", true).statusCode());
        }
    }

    @Nested
    class Export {
        @Test
        void theExport_verifiesOfflineAgainstThePublicCheckpoint() throws Exception {
            SignedCheckpoint c = signedCheckpoint();
            HttpResponse<String> r = get("/v1/ledger/export?to=" + c.checkpoint().size(), true);
            assertEquals(200, r.statusCode());
            assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(c.checkpoint().size(), r.body().lines().count());
            String note = get("/v1/ledger/checkpoint", false).body();
            LedgerVerifier.Report report = LedgerVerifier.verify(new BufferedReader(new StringReader(r.body())),
                    List.of(note), publishedKey());
            assertTrue(report.ok(), report.message());
        }
    }
}
