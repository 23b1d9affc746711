package org.sluis.core.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.sluis.core.store.Database;
import org.sluis.core.store.TestDatabase;
import org.sluis.core.store.schema.tables.records.LedgerEntryRecord;
import org.sluis.policy.Obligation;
import org.sluis.policy.Reason;

/** A ledger on a fresh database, with the tools the tests need: export, tamper, verify. */
final class LedgerFixture implements AutoCloseable {
    static final NoteKey KEY = NoteKey.generate("test.sluis.example/ledger");

    final TestDatabase db;
    final Vertx vertx;
    /** Where this fixture's pools and first ledger record their meters. */
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final Database database;
    final Ledger ledger;

    LedgerFixture(Path dataDir) {
        this(TestDatabase.create(), dataDir);
    }

    private LedgerFixture(TestDatabase db, Path dataDir) {
        this.db = db;
        this.vertx = Vertx.vertx();
        this.database = Database.open(db.config(dataDir), vertx, metrics);
        this.ledger = Ledger.open(database.dsl(), KEY, Clock.systemUTC(), Duration.ofHours(1), metrics);
    }

    /** A second ledger, with its own pool, on the same database: another exchange node. */
    Ledger secondNode(Path dataDir, List<AutoCloseable> closeLater) {
        SimpleMeterRegistry otherMetrics = new SimpleMeterRegistry();
        Database other = Database.open(db.config(dataDir), vertx, otherMetrics);
        closeLater.add(other);
        Ledger second = Ledger.open(other.dsl(), KEY, Clock.systemUTC(), Duration.ofHours(1), otherMetrics);
        closeLater.add(0, second);
        return second;
    }

    static LedgerEvent event(int i) {
        boolean permitted = i % 4 != 0;
        return new LedgerEvent.AccessDecided("d-" + i, "agr-" + (i % 7), "ds-" + (i % 3), "hospital", "lab-" + (i % 5), "research", "use",
                permitted, permitted ? List.of() : List.of(new Reason(Reason.PURPOSE_NOT_PERMITTED, "purpose not permitted")),
                permitted ? List.of(new Obligation.Pseudonymise(new TreeSet<>(List.of("patientId")), "agreement:agr-" + (i % 7)).toJson()) : List.of(), null);
    }

    void append(int count) {
        for (int i = 0; i < count; i++) {
            ledger.append(event(i), "tester", "req-" + i).join();
        }
    }

    String export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long from = 0;
        while (true) {
            List<LedgerEntryRecord> page = ledger.entries(from, Long.MAX_VALUE, EntryFilter.ALL, 500);
            if (page.isEmpty()) {
                return out.toString(StandardCharsets.UTF_8);
            }
            for (LedgerEntryRecord r : page) {
                out.writeBytes(EntryCodec.exportLine(r.getIdx(), r.getEntry()));
                from = r.getIdx() + 1;
            }
        }
    }

    LedgerVerifier.Report verify(String export, StoredCheckpoint... checkpoints) {
        return LedgerVerifier.verify(new BufferedReader(new StringReader(export)),
                java.util.Arrays.stream(checkpoints).map(StoredCheckpoint::note).toList(), KEY.verifier());
    }

    /** Runs SQL as a superuser with the append-only triggers switched off, as an attacker with full access would. */
    void tamper(String... sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica");
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() {
        ledger.close();
        database.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        db.close();
    }
}
