package org.sluis.core.ledger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.sluis.core.config.Config;
import org.sluis.core.store.Database;

/**
 * A separate process for {@link LedgerCrashTest}: appends as fast as 32 writers can and prints
 * {@code ack <index> <requestId>} for every acknowledged append, until it is killed.
 */
public final class AppendDriver {
    private AppendDriver() {
    }

    /** Arguments: JDBC URL, user, password, data directory. */
    public static void main(String[] args) {
        Config config = Config.defaults(Path.of(args[3]), Optional.of(new Config.ExternalDatabase(args[0], args[1], args[2])));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Database database = Database.open(config, Vertx.vertx(), metrics);
        Ledger ledger = Ledger.open(database.dsl(), LedgerFixture.KEY, Clock.systemUTC(), Duration.ofMillis(200), metrics);
        PrintStream out = System.out;
        for (int w = 0; w < 32; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = "w" + writer + "-" + i;
                    long index = ledger.append(LedgerFixture.event(i), "driver", id).join().index();
                    synchronized (out) {
                        out.println("ack " + index + " " + id);
                        out.flush();
                    }
                }
            });
            t.start();
        }
    }
}
