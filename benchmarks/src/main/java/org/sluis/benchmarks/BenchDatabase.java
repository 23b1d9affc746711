package org.sluis.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.sluis.core.config.Config;
import org.sluis.core.store.Database;
import org.sluis.core.store.EmbeddedPostgres;

/**
 * A fresh, migrated PostgreSQL database for one benchmark trial, removed again by {@link #close()}.
 *
 * <p>When the system property {@value #URL_PROPERTY} names an admin JDBC URL (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, with optional
 * {@value #USER_PROPERTY} and {@value #PASSWORD_PROPERTY}), the trial gets a new database
 * {@code sluis_bench_<random>} on that server, dropped {@code WITH (FORCE)} afterwards. Otherwise
 * it starts an {@link EmbeddedPostgres} in a new temporary directory, stopped and deleted
 * afterwards (the first start unpacks the binaries and runs initdb: a few seconds of setup).
 *
 * <p>Either way the exchange's own {@link Database} opens it, with the production defaults of
 * {@link Config#defaults}, so the pool and the schema are those the exchange runs with, and its
 * meters go to a Prometheus registry as the exchange's do ({@link #metrics()}). System
 * properties rather than {@code SLUIS_*} variables, because the exchange refuses unknown ones.
 */
public final class BenchDatabase implements AutoCloseable {
    /** System property with the admin JDBC URL of an external PostgreSQL; unset means embedded. */
    public static final String URL_PROPERTY = "sluis.bench.dbUrl";
    /** System property with the user for {@value #URL_PROPERTY}, when the URL does not carry it. */
    public static final String USER_PROPERTY = "sluis.bench.dbUser";
    /** System property with the password for {@value #URL_PROPERTY}, when the URL does not carry it. */
    public static final String PASSWORD_PROPERTY = "sluis.bench.dbPassword";

    private final Config config;
    private final Vertx vertx;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database database;
    private final String where;
    private final Runnable dispose;

    private BenchDatabase(Config config, String where, Runnable dispose) {
        this.config = config;
        this.where = where;
        this.dispose = dispose;
        this.vertx = Vertx.vertx();
        try {
            this.database = Database.open(config, vertx, metrics);
        } catch (RuntimeException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            dispose.run();
            throw e;
        }
    }

    /**
     * Creates the database on the server of {@value #URL_PROPERTY}, or on a new embedded
     * PostgreSQL when the property is unset, and migrates it.
     *
     * @throws IllegalStateException when the server refuses to create the database
     */
    public static BenchDatabase create() {
        String admin = System.getProperty(URL_PROPERTY, "").strip();
        return admin.isEmpty() ? embedded() : external(admin);
    }

    private static BenchDatabase external(String adminUrl) {
        Properties credentials = new Properties();
        String user = System.getProperty(USER_PROPERTY, "");
        String password = System.getProperty(PASSWORD_PROPERTY, "");
        if (!user.isEmpty()) {
            credentials.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        String name = "sluis_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(adminUrl, credentials, "CREATE DATABASE " + name);
        String url = sibling(adminUrl, name);
        Config config = Config.defaults(Path.of(System.getProperty("java.io.tmpdir")),
                Optional.of(new Config.ExternalDatabase(url, user, password)));
        return new BenchDatabase(config, withoutParameters(url),
                () -> execute(adminUrl, credentials, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private static BenchDatabase embedded() {
        Path dir;
        try {
            // PostgreSQL runs as nobody when we are root: it must be able to traverse this directory.
            dir = Files.createTempDirectory("sluis-bench-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded PostgreSQL", e);
        }
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.start(dir.resolve("data"));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        Config config = Config.defaults(dir, Optional.of(
                new Config.ExternalDatabase(pg.jdbcUrl(EmbeddedPostgres.DATABASE), EmbeddedPostgres.USER, pg.password())));
        return new BenchDatabase(config, "embedded PostgreSQL in " + dir, () -> {
            try {
                pg.close();
            } finally {
                deleteTree(dir);
            }
        });
    }

    /** The jOOQ context of the exchange's pool on this database. */
    public DSLContext dsl() {
        return database.dsl();
    }

    /** The registry the pool records in; what the benchmark measures records there too, as in the exchange. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** The configuration the database was opened with (production defaults, e.g. the checkpoint cadence). */
    public Config config() {
        return config;
    }

    /** Where the database lives, for the benchmark's log. */
    @Override
    public String toString() {
        return where;
    }

    /** Closes the pool and drops the database, or stops the embedded server and deletes its directory. */
    @Override
    public void close() {
        try {
            database.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            dispose.run();
        }
    }

    /** {@code jdbc:postgresql://host/admin?params} becomes {@code jdbc:postgresql://host/name?params}. */
    private static String sibling(String adminUrl, String name) {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String params = q < 0 ? "" : adminUrl.substring(q);
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            throw new IllegalArgumentException("expected " + URL_PROPERTY + " to name a database, as in "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres, found " + adminUrl);
        }
        return base.substring(0, slash + 1) + name + params;
    }

    /** The URL without its parameters, which may hold a password, for logs. */
    private static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void execute(String url, Properties credentials, String sql) {
        try (Connection c = DriverManager.getConnection(url, credentials); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
        }
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
}
