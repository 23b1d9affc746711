package org.sluis.core.http;

import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.NoteKey;
import org.sluis.core.store.Database;
import org.sluis.core.store.TestDatabase;

/**
 * A gateway on its own fresh database with a real ledger, built but not started, so that a test
 * in this package can mount extra routes that run through the real handler chain first.
 */
final class TestGateway implements AutoCloseable {
    static final String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";

    final TestDatabase db = TestDatabase.create();
    final Vertx vertx = Vertx.vertx();
    final Database database;
    final Ledger ledger;
    final Gateway gateway;
    URI base;

    TestGateway(Path dataDir) {
        database = Database.open(db.config(dataDir), vertx);
        ledger = Ledger.open(database.dsl(), NoteKey.generate("gateway.test/ledger"), Clock.systemUTC(), Duration.ofHours(1));
        gateway = new Gateway(vertx, db.config(dataDir), database, ledger, OperatorAuth.load(Optional.of(OPERATOR_TOKEN), dataDir));
    }

    TestGateway start() {
        int port = gateway.start().toCompletionStage().toCompletableFuture().join();
        base = URI.create("http://127.0.0.1:" + port);
        return this;
    }

    @Override
    public void close() {
        gateway.shutdown().toCompletionStage().toCompletableFuture().join();
        ledger.close();
        database.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        db.close();
    }
}
