package org.sluis.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.Exchange;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.store.TestDatabase;

/** The auditor's CLI against a running exchange: export and checkpoint over HTTP, then verify and prove. */
class LedgerCommandTest {
    @TempDir
    static Path dir;
    static TestDatabase db;
    static Exchange exchange;
    static Path export;
    static Path checkpoint;
    static Path oldCheckpoint;
    static String key;

    @BeforeAll
    static void exchangeWithALedger() throws Exception {
        db = TestDatabase.create();
        exchange = Exchange.start(db.config(dir));
        for (int i = 0; i < 30; i++) {
            exchange.ledger().append(new LedgerEvent.DatasetChanged("hospital", "ds-" + i, "published", "00"), "hospital", null).join();
            if (i == 9) {
                oldCheckpoint = dir.resolve("old.checkpoint");
                Files.writeString(oldCheckpoint, exchange.ledger().checkpoint().join().note());
            }
        }
        checkpoint = dir.resolve("checkpoint");
        Files.writeString(checkpoint, exchange.ledger().checkpoint().join().note());
        key = exchange.ledger().verifier().verifierKey();
        export = dir.resolve("export.ndjson");
        String token = ClientCredentials.load(dir.resolve(Bootstrap.KEY_FILE), dir.resolve(Bootstrap.CERT_FILE)).fetchToken(base());
        HttpResponse<Path> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(base().resolve("/v1/ledger/export"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofFile(export));
        assertEquals(200, r.statusCode());
    }

    @AfterAll
    static void stop() {
        exchange.close();
        db.close();
    }

    static URI base() {
        return URI.create("http://127.0.0.1:" + exchange.port());
    }

    @Nested
    class Verify {
        @Test
        void anUntouchedExport_verifies() {
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "verify", "--export", export.toString(),
                    "--checkpoint", checkpoint.toString(), "--checkpoint", oldCheckpoint.toString(), "--key", key);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().startsWith("OK: verified 31 entries"), "30 datasets after the operator's registration: " + r.out());
        }

        @Test
        void anAlteredLine_failsWithItsIndex() throws Exception {
            List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
            lines.set(12, lines.get(12).replace("\"ds-11\"", "\"ds-99\""));
            Path altered = dir.resolve("altered.ndjson");
            Files.write(altered, lines, StandardCharsets.UTF_8);
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "verify", "--export", altered.toString(),
                    "--checkpoint", checkpoint.toString(), "--key", key);
            assertEquals(LedgerCommand.FAILED, r.exitCode(), r.out());
            assertTrue(r.err().startsWith("FAILED at index 12"), r.err());
        }

        @Test
        void aKeyFromAFile_isReadToo_andABadKeyIsUnusable() throws Exception {
            Path keyFile = dir.resolve("ledger.pub");
            Files.writeString(keyFile, key + "\n");
            assertEquals(0, ServeCommandTest.run("ledger", "verify", "--export", export.toString(),
                    "--checkpoint", checkpoint.toString(), "--key", keyFile.toString()).exitCode());
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "verify", "--export", export.toString(),
                    "--checkpoint", checkpoint.toString(), "--key", "not-a-key");
            assertEquals(LedgerCommand.UNUSABLE, r.exitCode());
        }

        @Test
        void aCheckpointByAnotherKey_fails() {
            String otherKey = org.sluis.core.ledger.NoteKey.generate(exchange.ledger().verifier().name()).verifierKey();
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "verify", "--export", export.toString(),
                    "--checkpoint", checkpoint.toString(), "--key", otherKey);
            assertEquals(LedgerCommand.FAILED, r.exitCode(), r.out());
        }
    }

    @Nested
    class Prove {
        @Test
        void inclusionOfAnEntry_isProvenAgainstTheCheckpoint() {
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "prove", "--url", base().toString(),
                    "--key-file", dir.resolve(Bootstrap.KEY_FILE).toString(), "--cert-file", dir.resolve(Bootstrap.CERT_FILE).toString(), "--checkpoint", checkpoint.toString(),
                    "--key", key, "--index", "17");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("entry 17 (dataset.published) is in the tree of checkpoint 31"), r.out());
        }

        @Test
        void consistencyWithAnOlderCheckpoint_isProven() {
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "prove", "--url", base().toString(),
                    "--key-file", dir.resolve(Bootstrap.KEY_FILE).toString(), "--cert-file", dir.resolve(Bootstrap.CERT_FILE).toString(), "--checkpoint", checkpoint.toString(),
                    "--key", key, "--since", oldCheckpoint.toString());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("checkpoint 31 extends checkpoint 11"), r.out());
        }

        @Test
        void aCheckpointForADifferentLog_failsTheProof() throws Exception {
            // A correctly signed checkpoint whose root is not this log's: the proof cannot match it.
            org.sluis.core.ledger.NoteKey other = org.sluis.core.ledger.NoteKey.generate("other/ledger");
            Path forged = dir.resolve("forged.checkpoint");
            Files.writeString(forged, org.sluis.core.ledger.CheckpointNote.sign(
                    new org.sluis.core.ledger.Checkpoint("other/ledger", 31, new byte[32]), other, java.time.Instant.now()));
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "prove", "--url", base().toString(),
                    "--key-file", dir.resolve(Bootstrap.KEY_FILE).toString(), "--cert-file", dir.resolve(Bootstrap.CERT_FILE).toString(), "--checkpoint", forged.toString(),
                    "--key", other.verifierKey(), "--index", "3");
            assertEquals(LedgerCommand.FAILED, r.exitCode(), r.out() + r.err());
        }

        @Test
        void help_explainsEveryOption() {
            ServeCommandTest.Run r = ServeCommandTest.run("ledger", "prove", "--help");
            assertEquals(0, r.exitCode());
            for (String option : List.of("--url", "--key-file", "--cert-file", "--checkpoint", "--key", "--index", "--since")) {
                assertTrue(r.out().contains(option), option + " in\n" + r.out());
            }
        }
    }
}
