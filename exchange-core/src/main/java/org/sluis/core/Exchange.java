package org.sluis.core;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.sluis.core.config.Config;
import org.sluis.core.http.Gateway;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.Identity;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerKeys;
import org.sluis.core.store.Database;
import org.sluis.core.store.ExchangeNodes;
import org.sluis.core.store.KeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running exchange node: the wiring of configuration, database and gateway in one place, and
 * their orderly start and stop. The node's one meter registry is made here and handed to the parts
 * that record (the pools, the ledger, the gateway and its services); the gateway serves it at
 * {@code GET /metrics}.
 */
public final class Exchange implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final Config config;
    private final Vertx vertx;
    private final Database database;
    private final Ledger ledger;
    private final Gateway gateway;
    private final PrometheusMeterRegistry metrics;
    private final JvmMeters jvm;
    private final UUID nodeId = UUID.randomUUID();
    private int port;
    private boolean stopped;

    private Exchange(Config config, Vertx vertx, Database database, Ledger ledger, Identity identity, Clock clock,
                     PrometheusMeterRegistry metrics, JvmMeters jvm) {
        this.config = config;
        this.vertx = vertx;
        this.database = database;
        this.ledger = ledger;
        this.metrics = metrics;
        this.jvm = jvm;
        this.gateway = new Gateway(vertx, config, database, ledger, identity, clock, metrics);
    }

    /**
     * Opens the database (starting the embedded one if none is configured), migrates it, starts the
     * gateway and records this node. Fails with the cause if any part cannot start, leaving nothing running.
     */
    public static Exchange start(Config requested) {
        // The issuer URL (token audience) names the port, so a free port is chosen before anything is built.
        Config config = requested.httpPort() == 0 ? requested.withHttpPort(freePort()) : requested;
        Clock clock = Clock.systemUTC();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JvmMeters jvm = new JvmMeters(metrics);
        Database database = null;
        Ledger ledger = null;
        try {
            database = Database.open(config, vertx, metrics);
            KeyFiles.requireIfUsed(config.dataDir(), Ledger.entriesIn(database.ledgerDsl()));
            LedgerKeys ledgerKeys = LedgerKeys.loadOrCreate(config.dataDir(), config.publicUrl(config.httpPort()));
            ledger = Ledger.open(database.ledgerDsl(), ledgerKeys, clock, config.checkpointEvery(), metrics);
            Identity identity = Identity.open(config, config.publicUrl(config.httpPort()), database.dsl(), ledger, clock);
            Exchange exchange = new Exchange(config, vertx, database, ledger, identity, clock, metrics, jvm);
            exchange.port = await(exchange.gateway.start().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
            await(database.call(dsl -> {
                ExchangeNodes.started(dsl, exchange.nodeId, hostName(), Version.current());
                return null;
            }).toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
            LOG.info("Sluis {} node {} serving {}", Version.current(), exchange.nodeId, exchange.publicUrl());
            LOG.info("ledger: {} entries, verifier key {}", ledger.size(), ledger.verifier().verifierKey());
            LOG.info("operator credentials: {} and {}", config.dataDir().resolve(Bootstrap.KEY_FILE).toAbsolutePath().normalize(),
                    config.dataDir().resolve(Bootstrap.CERT_FILE).toAbsolutePath().normalize());
            return exchange;
        } catch (RuntimeException e) {
            if (ledger != null) {
                ledger.close();
            }
            if (database != null) {
                database.close();
            }
            jvm.close();
            metrics.close();
            vertx.close();
            throw e;
        }
    }

    /** The port the gateway listens on. */
    public int port() {
        return port;
    }

    /** The public base URL (configured, or http://localhost:{port}). */
    public URI publicUrl() {
        return config.publicUrl(port);
    }

    /** This node's ledger: every exchange event is appended here before it takes effect. */
    public Ledger ledger() {
        return ledger;
    }

    /** The configuration it runs with (the port, when 0 was asked for, is the one chosen). */
    public Config config() {
        return config;
    }

    /**
     * The pooled data source of the exchange's own database. {@code sluis demo} uses it to make its
     * mobility provider's database on the same server.
     */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** This node's id, as recorded in the database. */
    public UUID nodeId() {
        return nodeId;
    }

    /**
     * Stops in order: stop accepting and let in-flight requests finish (within the grace period),
     * record the stop, close the pools and the embedded database, then Vert.x.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("stopping node {}: letting in-flight requests finish (up to {} s)", nodeId, config.shutdownGrace().toSeconds());
        try {
            await(gateway.shutdown().toCompletionStage().toCompletableFuture(), config.shutdownGrace().plusSeconds(5));
            await(database.call(dsl -> {
                ExchangeNodes.stopped(dsl, nodeId);
                return null;
            }).toCompletionStage().toCompletableFuture(), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("orderly stop incomplete: {}", e.toString());
        } finally {
            ledger.close(); // queued appends are written before it stops; acknowledged ones already are durable
            database.close();
            jvm.close();
            metrics.close();
            await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(10));
            LOG.info("node {} stopped", nodeId);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
