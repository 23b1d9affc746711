package org.sluis.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.config.Config;
import org.sluis.core.http.Exposition;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ExchangeCa;
import org.sluis.core.store.EmbeddedPostgres;
import org.sluis.core.store.KeyFiles;
import org.sluis.core.store.TestDatabase;

/** The whole node: configuration to database to gateway, and back down in order. */
class ExchangeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
    void aDatabaseWithAHistory_butKeysGone_refusesToStart_ratherThanMakeNewKeys() throws Exception {
        try (Exchange first = Exchange.start(embeddedConfig())) {
            assertTrue(first.ledger().size() > 0);
        }
        Files.delete(dataDir.resolve("keys").resolve(KeyFiles.SUBJECT));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Exchange.start(embeddedConfig()).close());
        assertTrue(e.getMessage().contains("lacks [subject.key]") && e.getMessage().contains("restore keys/"), e.getMessage());
        assertFalse(Files.exists(dataDir.resolve("keys").resolve(KeyFiles.SUBJECT)), "no new key was made");
    }

    @Test
    void anOperatorSuppliedCa_issuesTheParticipantCertificates() throws Exception {
        Path caDir = dataDir.resolve("their-ca");
        char[] password = "their-ca-password-123".toCharArray();
        X509Certificate theirs = ExchangeCa.createOrLoad(caDir, password, "National test CA").certificate();
        try (TestDatabase db = TestDatabase.create()) {
            Config config = new Config(db.config(dataDir.resolve("node")).httpHost(), 0, 1 << 20, 32, Duration.ofSeconds(5),
                    dataDir.resolve("node"), Optional.empty(), List.of(), db.config(dataDir).externalDatabase(), 4,
                    Duration.ofSeconds(10), Optional.of(new String(password)), List.of(),
                    new Config.CaSource.KeyStore(caDir.resolve(ExchangeCa.KEY_STORE_FILE)), Optional.empty(),
                    dataDir.resolve("files"), 4);
            try (Exchange exchange = Exchange.start(config)) {
                assertTrue(exchange.port() > 0);
                String pem = Files.readString(dataDir.resolve("node").resolve(Bootstrap.CERT_FILE));
                X509Certificate operator = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
                assertEquals(theirs.getSubjectX500Principal(), operator.getIssuerX500Principal());
                operator.verify(theirs.getPublicKey());
                assertFalse(Files.exists(dataDir.resolve("node").resolve("ca").resolve(ExchangeCa.KEY_STORE_FILE)),
                        "no CA of its own was made");
            }
        }
    }

    @Test
    void aNode_servesTheJvmsMetersAndBothPools_atMetrics() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Exchange exchange = Exchange.start(db.config(dataDir))) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exchange.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Exposition metrics = Exposition.parse(r.body());
            assertTrue(metrics.samples().stream().anyMatch(s -> s.name().equals("jvm_memory_used_bytes") && "heap".equals(s.labels().get("area"))
                    && s.value() > 0), "heap in use");
            for (String gauge : List.of("jvm_memory_max_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                    "system_cpu_count", "process_uptime_seconds")) {
                assertTrue(metrics.exposes(gauge), gauge + " is exposed");
            }
            assertEquals(List.of("sluis-db", "sluis-ledger"), metrics.labelValues("hikaricp_connections_max", "pool").stream().sorted().toList());
            assertTrue(metrics.find("sluis_ledger_batch_entries_count").orElseThrow() > 0, "the first start's entries were group-committed");
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
