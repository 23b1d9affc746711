package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.contracts.canonical.CanonicalJson;

/** The ledger on a real PostgreSQL. */
class LedgerTest {
    @TempDir
    Path dataDir;
    LedgerFixture f;

    @BeforeEach
    void open() {
        f = new LedgerFixture(dataDir);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Nested
    class Append {
        @Test
        void anAcknowledgedEntry_isInTheDatabase_withItsCanonicalBytesAndLeafHash() throws Exception {
            Ledger.Appended a = f.ledger.append(LedgerFixture.event(1), "tester", "req-1").join();
            assertEquals(0, a.index());
            try (Connection c = f.db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT entry, leaf_hash, kind, participants FROM ledger_entry WHERE idx = 0")) {
                assertTrue(rs.next());
                byte[] bytes = rs.getBytes(1);
                assertArrayEquals(bytes, CanonicalJson.canonicalize(bytes), "stored bytes are canonical");
                assertArrayEquals(MerkleHash.leaf(bytes), rs.getBytes(2));
                assertArrayEquals(a.leafHash(), rs.getBytes(2));
                assertEquals("access.permitted", rs.getString(3));
                String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(json.contains("\"requestId\":\"req-1\""), json);
                assertTrue(json.contains("\"prev\":\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\""), "entry 0 chains to the empty root: " + json);
            }
        }

        @Test
        void concurrentAppends_getDenseUniqueIndexes_inSharedTransactions() throws Exception {
            int writers = 64;
            int each = 50;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int base = w * each;
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(f.ledger.append(LedgerFixture.event(base + i), "writer", null).join().index());
                    }
                    return mine;
                }));
            }
            Set<Long> indexes = new HashSet<>();
            for (Future<List<Long>> r : results) {
                indexes.addAll(r.get());
            }
            pool.shutdown();
            assertEquals(writers * each, indexes.size(), "no index handed out twice");
            for (long i = 0; i < writers * each; i++) {
                assertTrue(indexes.contains(i), "index " + i + " is missing");
            }
            Ledger.Stats stats = f.ledger.stats();
            assertEquals(writers * each, stats.entries());
            assertTrue(stats.batches() < stats.entries(), "appends were group-committed: " + stats);
            assertTrue(f.verify(f.export(), f.ledger.checkpoint().join()).ok());
        }

        @Test
        void twoNodesWithTheirOwnPools_appendTenThousandEntries_withoutGapOrDuplicate() throws Exception {
            List<AutoCloseable> later = new ArrayList<>();
            try {
                Ledger second = f.secondNode(dataDir, later);
                List<CompletableFuture<Ledger.Appended>> all = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    all.add(f.ledger.append(LedgerFixture.event(i), "node-a", null));
                    all.add(second.append(LedgerFixture.event(i), "node-b", null));
                }
                Set<Long> indexes = new HashSet<>();
                all.forEach(a -> indexes.add(a.join().index()));
                assertEquals(10_000, indexes.size());
                assertEquals(10_000, f.ledger.size());
                assertEquals(9_999, indexes.stream().mapToLong(Long::longValue).max().orElseThrow());
                StoredCheckpoint cp = second.checkpoint().join();
                assertEquals(10_000, cp.treeSize());
                LedgerVerifier.Report report = f.verify(f.export(), cp);
                assertTrue(report.ok(), report.message());
            } finally {
                for (AutoCloseable c : later) {
                    c.close();
                }
            }
        }

        @Test
        void anUnencodableEvent_failsAlone_andTheOthersInItsBatchAreWritten() {
            List<CompletableFuture<Ledger.Appended>> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                LedgerEvent e = i == 25
                        ? new LedgerEvent.KeyRotated("token", "k1", "bad \uD800 lone surrogate")
                        : LedgerFixture.event(i);
                batch.add(f.ledger.append(e, "tester", null));
            }
            CompletionException bad = assertThrows(CompletionException.class, () -> batch.get(25).join());
            assertInstanceOf(IllegalArgumentException.class, bad.getCause());
            Set<Long> indexes = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                if (i != 25) {
                    indexes.add(batch.get(i).join().index());
                }
            }
            assertEquals(49, indexes.size());
            assertEquals(49, f.ledger.size(), "dense: the refused event took no index");
            assertTrue(f.verify(f.export(), f.ledger.checkpoint().join()).ok());
        }

        @Test
        void afterClose_appendsAreRefused() {
            f.ledger.close();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> f.ledger.append(LedgerFixture.event(0), "tester", null).join());
            assertInstanceOf(LedgerUnavailableException.class, e.getCause());
        }
    }

    @Nested
    class Metrics {
        /** Waits until the writer has handled everything queued before: it records a batch's meters before it takes the next request. */
        private void writerDone() {
            f.ledger.checkpoint().join();
        }

        @Test
        void everyDurableEntry_isTimed_andEveryTransactionCountsItsEntries() {
            List<CompletableFuture<Ledger.Appended>> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(f.ledger.append(LedgerFixture.event(i), "tester", null));
            }
            all.forEach(CompletableFuture::join);
            writerDone();
            Timer append = f.metrics.get("sluis.ledger.append").timer();
            Timer commit = f.metrics.get("sluis.ledger.commit").timer();
            DistributionSummary batch = f.metrics.get("sluis.ledger.batch").summary();
            Ledger.Stats stats = f.ledger.stats();
            assertEquals(300, append.count(), "one sample per entry");
            assertEquals(stats.batches(), batch.count(), "one sample per transaction");
            assertEquals(stats.batches(), commit.count());
            assertEquals(300.0, batch.totalAmount(), "the batches hold every entry once");
            assertTrue(stats.batches() < 300, "appends queued together were group-committed: " + stats);
            assertTrue(append.totalTime(TimeUnit.NANOSECONDS) >= commit.totalTime(TimeUnit.NANOSECONDS),
                    "an entry waits at least for the transaction that writes it");
            assertEquals(0.0, f.metrics.get("sluis.ledger.queue.size").gauge().value(), "nothing is left waiting");
        }

        @Test
        void anEntryThatIsNotWritten_isNotTimed() {
            CompletableFuture<Ledger.Appended> bad = f.ledger.append(new LedgerEvent.KeyRotated("token", "k1", "bad \uD800 lone surrogate"),
                    "tester", null);
            assertThrows(CompletionException.class, bad::join);
            writerDone();
            assertEquals(0, f.metrics.get("sluis.ledger.append").timer().count());
            assertEquals(0, f.metrics.get("sluis.ledger.batch").summary().count(), "a transaction that wrote nothing is no batch");
        }
    }

    @Nested
    class AppendOnly {
        @Test
        void updateDeleteAndTruncate_areRefusedByTheDatabase() throws Exception {
            f.append(3);
            f.ledger.checkpoint().join();
            for (String sql : List.of(
                    "UPDATE ledger_entry SET actor = 'mallory' WHERE idx = 1",
                    "DELETE FROM ledger_entry WHERE idx = 2",
                    "TRUNCATE ledger_entry",
                    "UPDATE ledger_node SET hash = hash WHERE height = 1",
                    "DELETE FROM ledger_node",
                    "TRUNCATE ledger_node",
                    "UPDATE ledger_checkpoint SET note = ''",
                    "DELETE FROM ledger_checkpoint",
                    "TRUNCATE ledger_checkpoint")) {
                try (Connection c = f.db.connect(); Statement st = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                    assertTrue(e.getMessage().contains("append-only"), sql + ": " + e.getMessage());
                }
            }
            assertEquals(3, f.ledger.size());
        }
    }

    @Nested
    class Checkpoints {
        @Test
        void aCheckpoint_isSignedOverTheStoredRoot_andVerifiesWithThePublishedKey() {
            f.append(13);
            StoredCheckpoint cp = f.ledger.checkpoint().join();
            assertEquals(13, cp.treeSize());
            SignedCheckpoint verified = CheckpointNote.verify(cp.note(), NoteVerifier.parse(f.ledger.verifier().verifierKey()));
            assertArrayEquals(f.ledger.rootHash(13), verified.checkpoint().rootHash());
            assertEquals(LedgerFixture.KEY.name(), verified.checkpoint().origin());
            assertEquals(cp.time(), verified.time());
        }

        @Test
        void anUnchangedLog_isNotSignedTwice() {
            f.append(2);
            StoredCheckpoint first = f.ledger.checkpoint().join();
            assertEquals(first.note(), f.ledger.checkpoint().join().note());
        }

        @Test
        void aLogChangedUnderASignedCheckpoint_isRefusedANewSignature_andTheLedgerDoesNotOpen() throws Exception {
            f.append(8);
            f.ledger.checkpoint().join();
            f.append(3);
            f.tamper("UPDATE ledger_node SET hash = sha256(hash) WHERE height = 3 AND idx = 0");
            // A node that opens the ledger now rebuilds the right edge from the tampered tables.
            LedgerIntegrityException e = assertThrows(LedgerIntegrityException.class, () -> Ledger.open(
                    f.database.dsl(), LedgerFixture.KEY, java.time.Clock.systemUTC(), java.time.Duration.ofHours(1),
                    new SimpleMeterRegistry()));
            assertTrue(e.getMessage().contains("checkpoint 8"), e.getMessage());
            assertEquals(8, f.ledger.latestCheckpoint().treeSize(), "nothing inconsistent was signed");
        }

        @Test
        void entriesRemovedUnderASignedCheckpoint_areRefusedANewSignature() throws Exception {
            f.append(5);
            f.ledger.checkpoint().join();
            f.tamper("DELETE FROM ledger_entry WHERE idx = 4");
            CompletionException e = assertThrows(CompletionException.class, () -> f.ledger.checkpoint().join());
            assertInstanceOf(LedgerIntegrityException.class, e.getCause());
        }
    }

    @Nested
    class Proofs {
        @Test
        void inclusionAndConsistencyProofs_verifyAgainstSignedRoots() {
            f.append(21);
            StoredCheckpoint early = f.ledger.checkpoint().join();
            f.append(17);
            StoredCheckpoint late = f.ledger.checkpoint().join();
            for (long i = 0; i < late.treeSize(); i += 5) {
                Ledger.InclusionProof p = f.ledger.inclusionProof(i, late.treeSize());
                MerkleProofs.verifyInclusion(p.leafHash(), i, late.treeSize(), p.path(), late.rootHash());
            }
            MerkleProofs.verifyConsistency(early.treeSize(), late.treeSize(), early.rootHash(), late.rootHash(),
                    f.ledger.consistencyProof(early.treeSize(), late.treeSize()));
        }

        @Test
        void aProofBeyondTheLog_isRefused() {
            f.append(3);
            assertThrows(IllegalArgumentException.class, () -> f.ledger.inclusionProof(0, 4));
            assertThrows(IllegalArgumentException.class, () -> f.ledger.inclusionProof(3, 3));
            assertThrows(IllegalArgumentException.class, () -> f.ledger.consistencyProof(2, 4));
            assertThrows(IllegalArgumentException.class, () -> f.ledger.consistencyProof(0, 3));
        }
    }

    @Nested
    class Tamper {
        StoredCheckpoint cp;
        String clean;

        @BeforeEach
        void twentyEntries() {
            f.append(20);
            cp = f.ledger.checkpoint().join();
            clean = f.export();
            assertTrue(f.verify(clean, cp).ok(), "the untouched log verifies");
        }

        private void assertFirstBad(long index) {
            LedgerVerifier.Report r = f.verify(f.export(), cp);
            assertFalse(r.ok(), r.message());
            assertEquals(index, r.firstBadIndex().orElseThrow(), r.message());
        }

        @Test
        void aChangedRow_isReportedAtItsIndex() throws Exception {
            f.tamper("UPDATE ledger_entry SET entry = convert_to(replace(convert_from(entry, 'UTF8'),"
                    + " '\"purpose\":\"research\"', '\"purpose\":\"marketing\"'), 'UTF8') WHERE idx = 7");
            assertFirstBad(7);
        }

        @Test
        void aDeletedRow_isReportedAtItsIndex() throws Exception {
            f.tamper("DELETE FROM ledger_entry WHERE idx = 4");
            assertFirstBad(4);
        }

        @Test
        void twoReorderedRows_areReportedAtTheFirst() throws Exception {
            f.tamper("UPDATE ledger_entry SET idx = 1000 WHERE idx = 3",
                    "UPDATE ledger_entry SET idx = 3 WHERE idx = 11",
                    "UPDATE ledger_entry SET idx = 11 WHERE idx = 1000");
            assertFirstBad(3);
        }

        @Test
        void anInsertedRow_isReportedAtItsIndex() throws Exception {
            // Forge a well-formed entry 6 that links to entry 5, and shift the originals up by one.
            byte[] leaf5 = f.ledger.entry(5).orElseThrow().getLeafHash();
            byte[] forged = EntryCodec.leafBytes(6, leaf5, new EntryCodec.Pending(LedgerFixture.event(99), "mallory", null,
                    java.time.Instant.now()));
            f.tamper("UPDATE ledger_entry SET idx = idx + 1000 WHERE idx >= 6",
                    "UPDATE ledger_entry SET idx = idx - 999 WHERE idx >= 1000",
                    "INSERT INTO ledger_entry (idx, kind, time, actor, participants, entry, leaf_hash) VALUES (6, 'access.permitted',"
                            + " now(), 'mallory', '{}', decode('" + java.util.HexFormat.of().formatHex(forged) + "', 'hex'),"
                            + " decode('" + java.util.HexFormat.of().formatHex(MerkleHash.leaf(forged)) + "', 'hex'))");
            assertFirstBad(6);
        }

        @Test
        void theLastEntryChanged_failsTheCheckpointRoot() throws Exception {
            f.tamper("UPDATE ledger_entry SET entry = convert_to(replace(convert_from(entry, 'UTF8'),"
                    + " '\"actor\":\"tester\"', '\"actor\":\"mallory\"'), 'UTF8') WHERE idx = 19");
            assertFirstBad(19);
        }

        @Test
        void aTruncatedExport_isReportedWhereItEnds() throws Exception {
            String truncated = String.join("\n", clean.lines().limit(12).toList()) + "\n";
            LedgerVerifier.Report r = f.verify(truncated, cp);
            assertFalse(r.ok());
            assertEquals(12, r.firstBadIndex().orElseThrow(), r.message());
        }

        @Test
        void aCheckpointSignedByAnotherKey_isRejected() {
            NoteKey other = NoteKey.generate(LedgerFixture.KEY.name());
            String forged = CheckpointNote.sign(new Checkpoint(other.name(), cp.treeSize(), cp.rootHash()), other,
                    java.time.Instant.now());
            LedgerVerifier.Report r = LedgerVerifier.verify(new java.io.BufferedReader(new java.io.StringReader(clean)),
                    List.of(forged), LedgerFixture.KEY.verifier());
            assertFalse(r.ok(), r.message());
        }
    }
}
