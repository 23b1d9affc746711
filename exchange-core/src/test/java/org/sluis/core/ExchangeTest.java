package org.sluis.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.config.Config;
import org.sluis.core.store.EmbeddedPostgres;

/** The whole node: configuration to database to gateway, and back down in order. */
class ExchangeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Config embeddedConfig() {
        return Config.defaults(dataDir, Optional.empty()).withShutdown(Duration.ofSeconds(5), 4);
    }

    private static int status(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void noDatabaseConfigured_runsOnEmbeddedPostgres_whoseDataSurvivesARestart() throws Exception {
        try (Exchange first = Exchange.start(embeddedConfig())) {
            assertEquals(200, status(URI.create("http://127.0.0.1:" + first.port() + "/health/ready")));
        }
        try (Exchange second = Exchange.start(embeddedConfig())) {
            assertEquals(200, status(URI.create("http://127.0.0.1:" + second.port() + "/health/ready")));
        }
        // Both nodes' records are in the cluster kept in the data directory, each marked stopped.
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir)) {
            Properties p = new Properties();
            p.setProperty("user", EmbeddedPostgres.USER);
            p.setProperty("password", pg.password());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*), count(stopped_at) FROM exchange_node")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
                assertEquals(2, rs.getInt(2));
            }
        }
    }

    @Test
    void readiness_followsTheDatabase() throws Exception {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir.resolve("external"));
        Config config = Config.defaults(dataDir,
                        Optional.of(new Config.ExternalDatabase(pg.jdbcUrl(), EmbeddedPostgres.USER, pg.password())))
                .withShutdown(Duration.ofSeconds(1), 2);
        try (Exchange exchange = Exchange.start(config)) {
            URI ready = URI.create("http://127.0.0.1:" + exchange.port() + "/health/ready");
            assertEquals(200, status(ready));
            pg.close();
            assertEquals(503, status(ready));
            assertEquals(200, status(URI.create("http://127.0.0.1:" + exchange.port() + "/health/live")),
                    "the process itself is still alive");
        } finally {
            pg.close();
        }
    }
}
