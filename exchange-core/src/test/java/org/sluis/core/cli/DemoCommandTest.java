package org.sluis.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code sluis demo}: the whole scenario on the demo's own embedded PostgreSQL, and the fresh data directory it insists on. */
class DemoCommandTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void restoreLogging() throws Exception {
        // The demo sends the log to its data directory; later test classes in this JVM log as configured again.
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void theDemo_playsEveryPartOnItsOwnEmbeddedPostgres_andTheAuditOfficeVerifiesTheLedger() throws Exception {
        // When the tests run as root the embedded PostgreSQL runs as nobody, who must reach the data directory.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("demo-data");
        long start = System.nanoTime();
        ServeCommandTest.Run r = ServeCommandTest.run("demo", "--data-dir", data.toString(), "--port", "0", "--exit");
        System.out.println("sluis demo took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        List<String> lines = r.out().lines().toList();
        for (String part : List.of("== Participants", "== Catalog", "== Health", "== Mobility", "== Corridor industry", "== Audit",
                "== Talk to it")) {
            assertTrue(lines.contains(part) || lines.stream().anyMatch(l -> l.startsWith(part)), part + " in\n" + r.out());
        }
        assertTrue(r.out().contains("allowNetworks = [127.0.0.0/8]"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused 403 PURPOSE_NOT_PERMITTED")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("refused 403 AGREEMENT_TERMINATED")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("records are gone")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("verified offline") && l.contains(": OK, verified")), r.out());
        for (String id : List.of("hospital", "uni-lab", "audit-office")) {
            assertTrue(Files.exists(data.resolve("demo/creds/" + id + ".key.pem")), id);
            assertTrue(Files.exists(data.resolve("demo/creds/" + id + ".cert.pem")), id);
        }
        ServeCommandTest.Run verify = ServeCommandTest.run("ledger", "verify", "--export", data.resolve("demo/audit/export.ndjson").toString(),
                "--checkpoint", data.resolve("demo/audit/checkpoint").toString(), "--key", data.resolve("demo/audit/verifier.key").toString());
        assertEquals(0, verify.exitCode(), verify.err());
    }

    @Nested
    class DataDirectory {
        @Test
        void aNonEmptyDirectoryTheDemoDidNotMake_isRefusedUntouched() throws Exception {
            Path mine = Files.createDirectories(dir.resolve("mine"));
            Files.writeString(mine.resolve("precious.txt"), "keep");
            ServeCommandTest.Run r = ServeCommandTest.run("demo", "--data-dir", mine.toString(), "--exit");
            assertEquals(2, r.exitCode());
            assertTrue(r.err().contains("was not made by 'sluis demo'"), r.err());
            assertEquals("keep", Files.readString(mine.resolve("precious.txt")));
        }

        @Test
        void anEarlierDemosDirectory_isEmptiedExceptThePostgresBinaries() throws Exception {
            Path earlier = Files.createDirectories(dir.resolve("earlier"));
            assertEquals(Optional.empty(), DemoCommand.freshDirectory(earlier));
            Files.createDirectories(earlier.resolve(".postgres-bin/abc"));
            Files.createDirectories(earlier.resolve("postgres/base"));
            Files.writeString(earlier.resolve("operator.key.pem"), "old");
            assertEquals(Optional.empty(), DemoCommand.freshDirectory(earlier));
            assertTrue(Files.isDirectory(earlier.resolve(".postgres-bin/abc")));
            assertFalse(Files.exists(earlier.resolve("postgres")));
            assertFalse(Files.exists(earlier.resolve("operator.key.pem")));
            assertTrue(Files.exists(earlier.resolve(DemoCommand.MARKER)));
        }
    }
}
