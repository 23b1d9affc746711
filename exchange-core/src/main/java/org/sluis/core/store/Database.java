package org.sluis.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.sluis.core.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's PostgreSQL: a HikariCP pool, the schema brought up to date by Flyway, jOOQ on
 * top, and a bounded worker pool so that blocking JDBC never runs on an event loop.
 *
 * <p>The worker pool has as many threads as the connection pool has connections: a worker never
 * queues inside Hikari, and a burst of requests queues in one visible place.
 *
 * <p>Both connection pools report to the exchange's meter registry through HikariCP's own Micrometer
 * support ({@code hikaricp_connections_*} with {@code pool="sluis-db"} or {@code pool="sluis-ledger"}).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final long CONNECTION_TIMEOUT_MS = 5_000;

    static {
        // jOOQ prints a banner and tips on first use; an operator's log has no room for them.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /** Connections reserved for the ledger: its writer, checkpoint signing and proof reads. */
    static final int LEDGER_POOL_SIZE = 4;

    private final HikariDataSource pool;
    private final HikariDataSource ledgerPool;
    private final DSLContext dsl;
    private final DSLContext ledgerDsl;
    private final WorkerExecutor workers;
    private final Optional<EmbeddedPostgres> embedded;

    private Database(HikariDataSource pool, HikariDataSource ledgerPool, WorkerExecutor workers, Optional<EmbeddedPostgres> embedded) {
        this.pool = pool;
        this.ledgerPool = ledgerPool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
        this.ledgerDsl = DSL.using(ledgerPool, SQLDialect.POSTGRES);
        this.workers = workers;
        this.embedded = embedded;
    }

    /**
     * Connects to the configured PostgreSQL, or starts the embedded one when none is configured,
     * and migrates the schema; the pools' usage is recorded in {@code metrics}. Fails at once, with
     * the cause, when the database cannot be reached.
     */
    public static Database open(Config config, Vertx vertx, MeterRegistry metrics) {
        Optional<EmbeddedPostgres> embedded = config.externalDatabase().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedPostgres.start(config.dataDir()));
        try {
            String url = embedded.map(EmbeddedPostgres::jdbcUrl).orElseGet(() -> config.externalDatabase().get().url());
            String user = embedded.map(pg -> EmbeddedPostgres.USER).orElseGet(() -> config.externalDatabase().get().user());
            String password = embedded.map(EmbeddedPostgres::password).orElseGet(() -> config.externalDatabase().get().password());
            HikariDataSource pool = pool("sluis-db", url, user, password, config.dbPoolSize(), metrics);
            HikariDataSource ledgerPool;
            try {
                migrate(pool);
                ledgerPool = pool("sluis-ledger", url, user, password, LEDGER_POOL_SIZE, metrics);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            WorkerExecutor workers = vertx.createSharedWorkerExecutor("sluis-db", config.dbPoolSize(), 60, TimeUnit.SECONDS);
            // The URL's parameters may carry a password: log only up to the database name.
            LOG.info("database ready: {} (pool of {})", url.replaceFirst("\\?.*$", "?…"), config.dbPoolSize());
            return new Database(pool, ledgerPool, workers, embedded);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedPostgres::close);
            throw e;
        }
    }

    /** Applies the Flyway migrations in {@code db/migration} that the database does not have yet. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size, MeterRegistry metrics) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        hc.setJdbcUrl(url);
        hc.setUsername(user.isEmpty() ? null : user);
        hc.setPassword(password.isEmpty() ? null : password);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(Math.min(2, size));
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hc.setValidationTimeout(2_000);
        hc.addDataSourceProperty("ApplicationName", "sluis");
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(hc);
    }

    /** The jOOQ context; use it only from blocking code, i.e. inside {@link #call}. */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * A listener for notifications from other instances, on a connection of its own; subscribe,
     * then {@link Notifications#start()} it, and close it before this database.
     */
    public Notifications notifications() {
        return new Notifications(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    /**
     * The jOOQ context for the {@link org.sluis.core.ledger.Ledger}, on connections of its own: a
     * request may hold a transaction open while it waits for its ledger entry to be durable, and
     * with one shared pool every connection could be held by such waiters, leaving none for the
     * ledger writer they wait for.
     */
    public DSLContext ledgerDsl() {
        return ledgerDsl;
    }

    /** The pooled data source, for code that needs plain JDBC (e.g. COPY or LISTEN). */
    public DataSource dataSource() {
        return pool;
    }

    /** Runs blocking database work on the bounded database worker pool. */
    public <T> Future<T> call(Function<DSLContext, T> work) {
        return workers.executeBlocking(() -> work.apply(dsl), false);
    }

    /** Succeeds when the database answers a trivial query. */
    public Future<Void> ping() {
        return call(ctx -> {
            ctx.selectOne().fetch();
            return null;
        });
    }

    /** Closes the worker pool, the connection pool and, if it was started here, the embedded PostgreSQL. */
    @Override
    public void close() {
        workers.close();
        ledgerPool.close();
        pool.close();
        embedded.ifPresent(EmbeddedPostgres::close);
    }
}
