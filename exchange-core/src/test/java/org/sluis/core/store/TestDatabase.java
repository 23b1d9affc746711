package org.sluis.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.Comparator;
import java.util.stream.Stream;
import org.sluis.core.config.Config;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped on {@link #close()}. It lives on
 * the server named by {@code SLUIS_TEST_DB_URL} when that is set (CI sets it), otherwise on one
 * embedded PostgreSQL shared by the whole test JVM. Either way runs never see each other's data.
 */
public final class TestDatabase implements AutoCloseable {
    /** The variable CI sets to a PostgreSQL admin URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
    public static final String ENV = "SLUIS_TEST_DB_URL";
    private static EmbeddedPostgres shared;

    private final String adminUrl;
    private final Properties credentials;
    private final String name;

    private TestDatabase(String adminUrl, Properties credentials, String name) {
        this.adminUrl = adminUrl;
        this.credentials = credentials;
        this.name = name;
    }

    /** Creates a new database named {@code sluis_test_<random>}. */
    public static TestDatabase create() {
        String admin = System.getenv(ENV);
        Properties credentials = new Properties();
        if (admin == null || admin.isBlank()) {
            EmbeddedPostgres pg = embedded();
            admin = pg.jdbcUrl("postgres");
            credentials.setProperty("user", EmbeddedPostgres.USER);
            credentials.setProperty("password", pg.password());
        }
        String name = "sluis_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, credentials, "CREATE DATABASE " + name);
        return new TestDatabase(admin, credentials, name);
    }

    /** True when the tests run against the external server of {@code SLUIS_TEST_DB_URL}. */
    public static boolean external() {
        String admin = System.getenv(ENV);
        return admin != null && !admin.isBlank();
    }

    private static synchronized EmbeddedPostgres embedded() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("sluis-test-pg");
                EmbeddedPostgres pg = EmbeddedPostgres.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    pg.close();
                    deleteTree(dir);
                }, "test-postgres-cleanup"));
                shared = pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    /** JDBC URL of this database (credentials in {@link #user()} and {@link #password()}). */
    public String url() {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String params = q < 0 ? "" : adminUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
    }

    /** The user to connect as (empty when the URL carries it). */
    public String user() {
        return credentials.getProperty("user", "");
    }

    /** The password to connect with (empty when the URL carries it or none is needed). */
    public String password() {
        return credentials.getProperty("password", "");
    }

    /** Opens a plain JDBC connection to this database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), credentials);
    }

    /** A configuration pointing the exchange at this database, on a free port, with {@code dataDir}. */
    public Config config(Path dataDir) {
        return Config.defaults(dataDir, Optional.of(new Config.ExternalDatabase(url(), user(), password())))
                .withLimits(64 * 1024, 16)
                .withShutdown(Duration.ofSeconds(5), 4);
    }

    /** Drops the database, disconnecting whatever still holds it. */
    @Override
    public void close() {
        execute(adminUrl, credentials, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, Properties credentials, String sql) {
        try (Connection c = DriverManager.getConnection(url, credentials); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
        }
    }
}
