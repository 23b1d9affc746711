package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.ledger.CheckpointNote;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.ledger.LedgerVerifier;
import org.sluis.core.ledger.MerkleProofs;
import org.sluis.core.ledger.NoteException;
import org.sluis.core.ledger.NoteVerifier;
import org.sluis.core.ledger.SignedCheckpoint;

/** Rotating the ledger's checkpoint key: the log stays one log, verifiable across the rotation. */
class LedgerKeyRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;

    static HttpResponse<String> call(TestGateway g, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(g.base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOldKeySignsALastCheckpoint_theNewKeyTheNext_andAnAuditorWithBothKeysVerifiesTheWholeLog() throws Exception {
        try (TestGateway a = new TestGateway(dataDir).start(); TestGateway b = new TestGateway(a).start()) {
            String operator = a.tokenFor("operator");
            for (int i = 0; i < 5; i++) {
                a.ledger.append(new LedgerEvent.DatasetChanged("operator", "ds-" + i, "published", "00"), "operator", null).join();
            }
            NoteVerifier oldKey = a.ledger.verifier();

            HttpResponse<String> rotated = call(a, "POST", "/v1/keys/ledger/rotate", operator);
            assertEquals(200, rotated.statusCode(), rotated.body());
            NoteVerifier newKey = NoteVerifier.parse(JSON.readTree(rotated.body()).get("newKeyId").asText());
            assertEquals(oldKey.name(), newKey.name(), "same name: the checkpoints' origin does not change");

            // The last checkpoint of the old key covers the rotation entry.
            String last = call(a, "GET", "/v1/ledger/checkpoint", null).body();
            SignedCheckpoint byOld = CheckpointNote.verify(last, oldKey);
            assertEquals(a.ledger.size(), byOld.checkpoint().size());
            assertThrows(NoteException.class, () -> CheckpointNote.verify(last, newKey));

            JsonNode config = JSON.readTree(call(a, "GET", "/.well-known/sluis-configuration", null).body());
            assertEquals(newKey.verifierKey(), config.get("ledgerVerifierKey").asText());
            assertEquals(oldKey.verifierKey(), config.get("previousLedgerVerifierKeys").get(0).asText());
            assertTrue(call(a, "GET", "/.well-known/jwks.json", null).body().contains("ledger-" + java.util.HexFormat.of().toHexDigits(oldKey.keyId())));

            // The other instance signs with the new key once it has looked at the shared key file.
            TestGateway.await(5, () -> b.ledger.verifier().equals(newKey));
            b.ledger.append(new LedgerEvent.DatasetChanged("operator", "ds-after", "published", "00"), "operator", null).join();
            String next = b.ledger.checkpoint().join().note();
            SignedCheckpoint byNew = CheckpointNote.verify(next, newKey);

            List<byte[]> path = new ArrayList<>();
            JSON.readTree(call(a, "GET", "/v1/ledger/proof/consistency?from=" + byOld.checkpoint().size() + "&to="
                    + byNew.checkpoint().size(), operator).body()).get("path").forEach(h -> path.add(Base64.getDecoder().decode(h.asText())));
            MerkleProofs.verifyConsistency(byOld.checkpoint().size(), byNew.checkpoint().size(), byOld.checkpoint().rootHash(),
                    byNew.checkpoint().rootHash(), path);

            String export = call(a, "GET", "/v1/ledger/export?to=" + byNew.checkpoint().size(), operator).body();
            LedgerVerifier.Report both = LedgerVerifier.verify(new BufferedReader(new StringReader(export)), List.of(last, next),
                    List.of(newKey, oldKey));
            assertTrue(both.ok(), both.message());
            LedgerVerifier.Report newOnly = LedgerVerifier.verify(new BufferedReader(new StringReader(export)), List.of(last, next),
                    List.of(newKey));
            assertFalse(newOnly.ok(), "the old checkpoint needs the retired key");
            JsonNode logged = JSON.readTree(call(a, "GET", "/v1/ledger/entries?kind=key.rotated", operator).body()).get("items");
            assertEquals("ledger", logged.get(0).get("entry").get("body").get("key").asText());
        }
    }

    @Test
    void onlyTheOperator_mayRotateTheLedgerKey() throws Exception {
        try (TestGateway a = new TestGateway(dataDir).start()) {
            a.register("auditor-y", org.sluis.core.identity.Role.AUDITOR);
            assertEquals(403, call(a, "POST", "/v1/keys/ledger/rotate", a.tokenFor("auditor-y")).statusCode());
            assertEquals(401, call(a, "POST", "/v1/keys/ledger/rotate", null).statusCode());
        }
    }
}
