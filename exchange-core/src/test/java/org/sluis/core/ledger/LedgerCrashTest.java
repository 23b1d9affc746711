package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed (SIGKILL) while appends are in flight loses no acknowledged entry. */
class LedgerCrashTest {
    @TempDir
    Path dataDir;

    @Test
    void killedMidAppend_everyAcknowledgedEntryIsThere_andTheLogVerifies() throws Exception {
        try (LedgerFixture f = new LedgerFixture(dataDir)) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AppendDriver.class.getName(),
                    f.db.url(), f.db.user(), f.db.password(), dataDir.toString()).redirectErrorStream(true);
            Process driver = pb.start();
            Map<Long, String> acked = new HashMap<>();
            StringBuilder other = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; acked.size() < 3_000 && System.nanoTime() < deadline && (line = in.readLine()) != null; ) {
                    if (line.startsWith("ack ")) {
                        String[] p = line.split(" ");
                        acked.put(Long.parseLong(p[1]), p[2]);
                    } else {
                        other.append(line).append('\n');
                    }
                }
                driver.destroyForcibly(); // SIGKILL while 32 writers still have appends in flight
                assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
            }
            assertTrue(acked.size() >= 3_000, "the driver acknowledged appends before it was killed:\n" + other);

            try (Connection c = f.db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT idx, convert_from(entry, 'UTF8')::jsonb ->> 'requestId' FROM ledger_entry")) {
                Map<Long, String> stored = new HashMap<>();
                while (rs.next()) {
                    stored.put(rs.getLong(1), rs.getString(2));
                }
                acked.forEach((index, id) -> assertEquals(id, stored.get(index), "acknowledged entry " + index + " is durable"));
                long size = f.ledger.size();
                assertEquals(size, stored.size(), "indexes are dense: no gap left by the crash");
            }
            // A fresh node opens the log (checking it against the driver's last checkpoint) and it verifies end to end.
            StoredCheckpoint cp = f.ledger.checkpoint().join();
            LedgerVerifier.Report report = f.verify(f.export(), cp);
            assertTrue(report.ok(), report.message());
        }
    }
}
