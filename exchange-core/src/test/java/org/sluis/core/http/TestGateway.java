package org.sluis.core.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.sluis.core.config.Config;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.identity.CsrBuilder;
import org.sluis.core.identity.Identity;
import org.sluis.core.identity.Participant;
import org.sluis.core.identity.ParticipantRegistry;
import org.sluis.core.identity.Registration;
import org.sluis.core.identity.Role;
import org.sluis.core.identity.VerifiedClient;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerKeys;
import org.sluis.core.store.Database;
import org.sluis.core.store.TestDatabase;

/**
 * A gateway on a fresh database with a real ledger and real identity (CA, operator, token keys),
 * built but not started, so a test in this package can mount extra routes that run through the real
 * handler chain first. {@link #register} and {@link #tokenFor} make participants and tokens the
 * real way (CSR through the CA; the exchange's own token issuer).
 */
final class TestGateway implements AutoCloseable {
    final TestDatabase db;
    final boolean ownsDb;
    final Vertx vertx = Vertx.vertx();
    /** This instance's meters, as {@code GET /metrics} serves them. */
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Config config;
    final Database database;
    final Ledger ledger;
    final Identity identity;
    final Gateway gateway;
    URI base;

    TestGateway(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    /** A gateway whose configuration {@code tweak} changes (e.g. to ask an OPA server). */
    TestGateway(Path dataDir, UnaryOperator<Config> tweak) {
        this(TestDatabase.create(), true, dataDir, null, tweak);
    }

    /**
     * A second instance with the same database, keys (data directory) and public URL (token issuer)
     * as {@code other}: a second exchange node behind the same load balancer.
     */
    TestGateway(TestGateway other) {
        this(other, UnaryOperator.identity());
    }

    /** A second instance like {@link #TestGateway(TestGateway)}, its configuration changed by {@code tweak}. */
    TestGateway(TestGateway other, UnaryOperator<Config> tweak) {
        this(other.db, false, other.config.dataDir(), other.config.publicUrl(0), tweak);
    }

    private TestGateway(TestDatabase db, boolean ownsDb, Path dataDir, URI sharedPublicUrl, UnaryOperator<Config> tweak) {
        this.db = db;
        this.ownsDb = ownsDb;
        int port = freePort();
        config = tweak.apply(db.config(dataDir).withHttpPort(port)
                .withPublicUrl(sharedPublicUrl != null ? sharedPublicUrl : URI.create("http://127.0.0.1:" + port)));
        database = Database.open(config, vertx, metrics);
        ledger = Ledger.open(database.ledgerDsl(), LedgerKeys.loadOrCreate(dataDir, config.publicUrl(port)),
                Clock.systemUTC(), Duration.ofHours(1), metrics);
        identity = Identity.open(config, config.publicUrl(port), database.dsl(), ledger, Clock.systemUTC());
        gateway = new Gateway(vertx, config, database, ledger, identity, Clock.systemUTC(), metrics);
    }

    TestGateway start() {
        int port = gateway.start().toCompletionStage().toCompletableFuture().join();
        base = URI.create("http://127.0.0.1:" + port);
        return this;
    }

    /** Registers participant {@code id} with a fresh EC key, as the operator would, and returns its credentials. */
    ClientCredentials register(String id, Role... roles) {
        return register(id, "NL-NH", Set.of(), roles);
    }

    /** Registers participant {@code id} in {@code region} and {@code categories}, and returns its credentials. */
    ClientCredentials register(String id, String region, Set<String> categories, Role... roles) {
        KeyPair key = CsrBuilder.generateKey("EC");
        var outcome = identity.registry().register(new Registration(id, "Test " + id, "12345678", region,
                roles.length == 0 ? Set.of() : EnumSet.copyOf(List.of(roles)), categories, CsrBuilder.csr(key, id)), Bootstrap.OPERATOR, null);
        var created = (ParticipantRegistry.Registered.Created) outcome;
        return new ClientCredentials(id, key.getPrivate(), created.certificate().chain());
    }

    /** An access token the exchange's issuer signs for an existing participant, as /oauth/token would. */
    String tokenFor(String id) {
        Participant p = identity.registry().find(id).orElseThrow();
        return identity.tokens().issuer().issue(new VerifiedClient(p.id(), p.roles().stream().map(Role::name).collect(Collectors.toSet()),
                p.certificateSha256()), Clock.systemUTC().instant());
    }

    /**
     * Waits until {@code condition} holds, at most {@code seconds}: for effects another instance
     * promises within about a second (key refresh), without guessing the exact moment.
     */
    static void await(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        gateway.shutdown().toCompletionStage().toCompletableFuture().join();
        ledger.close();
        database.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        if (ownsDb) {
            db.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
