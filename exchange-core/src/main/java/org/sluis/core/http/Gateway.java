package org.sluis.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluis.connectors.net.NetworkGuard;
import org.sluis.contracts.template.Templates;
import org.sluis.core.access.AccessGate;
import org.sluis.core.access.ExchangeFacts;
import org.sluis.core.catalog.Catalog;
import org.sluis.core.config.Config;
import org.sluis.core.consent.ConsentCache;
import org.sluis.core.consent.ConsentRegistry;
import org.sluis.core.consent.SubjectKey;
import org.sluis.core.identity.Identity;
import org.sluis.core.identity.KeyRing;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.NoteVerifier;
import org.sluis.core.negotiation.Agreements;
import org.sluis.core.negotiation.Negotiations;
import org.sluis.core.store.Database;
import org.sluis.core.store.KeyFiles;
import org.sluis.core.store.Notifications;
import org.sluis.core.store.SecretFile;
import org.sluis.core.transfer.PushDelivery;
import org.sluis.core.transfer.Sources;
import org.sluis.core.transfer.Transfers;
import org.sluis.policy.DecisionPoint;
import org.sluis.policy.consent.KeyedHash;
import org.sluis.policy.opa.OpaClient;

/**
 * The HTTP gateway. Every route is declared in {@link #routes}, handlers are method references,
 * and every failure ends as an RFC 9457 problem through {@link Problems#onFailure}. Every request
 * is timed ({@link RequestMetrics}), and {@code GET /metrics} serves the exchange's meters in
 * Prometheus text format.
 */
public final class Gateway {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final String BODY_LIMIT_KEY = "sluis.bodyLimit";
    private static final long READY_TIMEOUT_MS = 2_000;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Prometheus text exposition format 0.0.4, what {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final Config config;
    private final Database database;
    /** The key pseudonyms are derived from, per agreement ({@code dataDir/keys/pseudonym.key}). */
    /** The wait after a push's first failed attempt; each further wait doubles (1, 2, 4, 8, 16 s). */
    static final Duration PUSH_FIRST_RETRY = Duration.ofSeconds(1);
    /** Attempts before a push fails. */
    static final int PUSH_ATTEMPTS = 6;
    /** Pushes prepared or delivered at once on this instance. */
    static final int PUSH_THREADS = 4;
    private final Router router;
    private final Buffer openApi;
    private final JsonBody jsonBody;
    private final Ledger ledger;
    private final Identity identity;
    private final Authenticator auth;
    private final LedgerRoutes ledgerRoutes;
    private final ParticipantRoutes participantRoutes;
    private final TokenRoutes tokenRoutes;
    private final KeyRoutes keyRoutes;
    private final CatalogRoutes catalogRoutes;
    private final NegotiationRoutes negotiationRoutes;
    private final ConsentRoutes consentRoutes;
    private final AccessRoutes accessRoutes;
    private final OpaRoutes opaRoutes;
    private final DataRoutes dataRoutes;
    private final WorkerExecutor transferWorkers;
    private final PushDelivery pushes;
    private final Notifications notifications;
    private final ConsentCache consents;
    private final PrometheusMeterRegistry registry;
    private final RequestMetrics requestMetrics;
    private HttpServer server;
    private long keyRefresh = -1;

    /**
     * Declares the routes; nothing listens until {@link #start()}. The services record their meters
     * in {@code metrics}, which {@code GET /metrics} serves.
     */
    public Gateway(Vertx vertx, Config config, Database database, Ledger ledger, Identity identity, Clock clock,
                   PrometheusMeterRegistry metrics) {
        this.vertx = vertx;
        this.config = config;
        this.database = database;
        this.registry = metrics;
        this.requestMetrics = new RequestMetrics(metrics);
        this.ledger = ledger;
        this.identity = identity;
        this.openApi = Buffer.buffer(resource("openapi/openapi.json"));
        this.jsonBody = new JsonBody(config.maxJsonDepth());
        this.auth = new Authenticator(identity.tokens(), identity.standings(), identity.participants(), database);
        this.ledgerRoutes = new LedgerRoutes(ledger, database);
        this.participantRoutes = new ParticipantRoutes(identity.registry(), identity.standings(), database, jsonBody);
        this.tokenRoutes = new TokenRoutes(identity.assertions(), identity.tokens(), database, clock);
        this.keyRoutes = new KeyRoutes(identity, ledger, database);
        Catalog catalog = new Catalog(database.dsl(), ledger, identity.participants(), clock);
        this.catalogRoutes = new CatalogRoutes(catalog, database, jsonBody);
        this.notifications = database.notifications();
        this.consents = new ConsentCache(database.dsl(), notifications);
        SubjectKey subjects = SubjectKey.loadOrCreate(config.dataDir());
        this.consentRoutes = new ConsentRoutes(new ConsentRegistry(database.dsl(), ledger, catalog, subjects, clock), database, jsonBody);
        Agreements agreements = new Agreements(database.dsl(), ledger, clock);
        this.negotiationRoutes = new NegotiationRoutes(new Negotiations(database.dsl(), ledger, catalog, identity.notary(), clock),
                agreements, ledger, database, jsonBody, clock);
        this.opaRoutes = new OpaRoutes(new ExchangeFacts(agreements, identity.registry()), database, clock);
        AccessGate gate = new AccessGate(database.dsl(), ledger, agreements, catalog, identity.registry(), consents,
                subjects, DecisionPoint.standard(), config.opa().map(OpaClient::new), clock, metrics);
        this.accessRoutes = new AccessRoutes(gate, database, jsonBody);
        KeyedHash pseudonymKey = new KeyedHash(SecretFile.loadOrCreate(config.dataDir(), KeyFiles.PSEUDONYM));
        this.transferWorkers = vertx.createSharedWorkerExecutor("sluis-transfers", config.maxTransfers(), 1, TimeUnit.DAYS);
        NetworkGuard guard = new NetworkGuard(config.allowNetworks());
        Transfers transfers = new Transfers(database.dsl(), ledger, gate, agreements, consents, subjects, pseudonymKey,
                new Sources(config.filesRoot(), guard), clock, metrics);
        this.pushes = new PushDelivery(database.dsl(), transfers, config.dataDir().resolve("transfers"), guard,
                UUID.randomUUID().toString(), clock, PUSH_FIRST_RETRY, PUSH_ATTEMPTS, PUSH_THREADS);
        this.dataRoutes = new DataRoutes(transfers, pushes, guard, database, jsonBody, transferWorkers);
        this.router = Router.router(vertx);
        routes();
    }

    private void routes() {
        router.route().handler(RequestLog::handle);
        router.route().handler(requestMetrics::handle);
        // A consent batch may be larger than any other body; every other route keeps the configured limit.
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        BodyHandler consentBatches = BodyHandler.create(false).setBodyLimit(Math.max(config.maxBodyBytes(), ConsentRoutes.MAX_BATCH_BYTES));
        router.route().handler(ctx -> {
            boolean batch = ctx.request().method() == HttpMethod.POST
                    && ("/v1/consents".equals(ctx.request().path()) || "/v1/consents/fhir".equals(ctx.request().path()));
            ctx.put(BODY_LIMIT_KEY, batch ? Math.max(config.maxBodyBytes(), ConsentRoutes.MAX_BATCH_BYTES) : config.maxBodyBytes());
            (batch ? consentBatches : bodies).handle(ctx);
        });

        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.get("/v1/openapi.json").handler(this::openApi);
        router.get("/.well-known/sluis-configuration").handler(this::configuration);
        router.get("/.well-known/jwks.json").handler(this::jwks);
        router.post("/oauth/token").handler(tokenRoutes::token);

        router.post("/v1/participants").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(participantRoutes::register);
        router.get("/v1/participants").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR, Role.AUDITOR))
                .handler(participantRoutes::list);
        router.get("/v1/participants/me").handler(auth::handle).handler(participantRoutes::me);
        router.get("/v1/participants/:id").handler(auth::handle).handler(participantRoutes::one);
        router.post("/v1/participants/:id/suspend").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(participantRoutes::suspend);
        router.post("/v1/participants/:id/reinstate").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(participantRoutes::reinstate);
        router.post("/v1/participants/:id/revoke").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(participantRoutes::revoke);

        router.post("/v1/keys/:purpose/rotate").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(keyRoutes::rotate);

        router.get("/v1/templates").handler(auth::handle).handler(this::templates);

        router.post("/v1/datasets").handler(auth::handle).handler(Authenticator.require(Role.PROVIDER)).handler(catalogRoutes::publish);
        router.get("/v1/datasets").handler(auth::handle).handler(catalogRoutes::mine);
        router.get("/v1/datasets/:id").handler(auth::handle).handler(catalogRoutes::one);
        router.put("/v1/datasets/:id").handler(auth::handle).handler(Authenticator.require(Role.PROVIDER)).handler(catalogRoutes::update);
        router.delete("/v1/datasets/:id").handler(auth::handle).handler(Authenticator.require(Role.PROVIDER)).handler(catalogRoutes::withdraw);
        router.get("/v1/catalog").handler(auth::handle).handler(catalogRoutes::list);

        router.post("/v1/negotiations").handler(auth::handle).handler(Authenticator.require(Role.CONSUMER))
                .handler(negotiationRoutes::request);
        router.get("/v1/negotiations").handler(auth::handle).handler(negotiationRoutes::list);
        router.get("/v1/negotiations/:id").handler(auth::handle).handler(negotiationRoutes::one);
        router.post("/v1/negotiations/:id/agree").handler(auth::handle).handler(negotiationRoutes::agree);
        router.post("/v1/negotiations/:id/terminate").handler(auth::handle).handler(negotiationRoutes::terminate);
        router.get("/v1/agreements").handler(auth::handle).handler(negotiationRoutes::agreementList);
        router.get("/v1/agreements/:id").handler(auth::handle).handler(negotiationRoutes::agreement);
        router.post("/v1/agreements/:id/terminate").handler(auth::handle).handler(negotiationRoutes::terminateAgreement);
        router.post("/v1/agreements/:id/revoke").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(negotiationRoutes::revokeAgreement);

        router.post("/v1/consents").handler(auth::handle).handler(Authenticator.require(Role.CUSTODIAN)).handler(consentRoutes::record);
        router.post("/v1/consents/fhir").handler(auth::handle).handler(Authenticator.require(Role.CUSTODIAN))
                .handler(consentRoutes::importFhir);
        router.get("/v1/consents").handler(auth::handle).handler(Authenticator.require(Role.CUSTODIAN)).handler(consentRoutes::ofSubject);
        router.post("/v1/consents/:id/revoke").handler(auth::handle).handler(Authenticator.require(Role.CUSTODIAN))
                .handler(consentRoutes::revoke);

        router.get("/v1/opa/bundle.tar.gz").handler(auth::handle).handler(Authenticator.require(Role.PROVIDER, Role.OPERATOR, Role.AUDITOR))
                .handler(opaRoutes::bundle);
        router.get("/v1/data/:agreementId").handler(auth::handle).handler(Authenticator.require(Role.CONSUMER)).handler(dataRoutes::pull);
        router.post("/v1/transfers").handler(auth::handle).handler(Authenticator.require(Role.CONSUMER)).handler(dataRoutes::push);
        router.get("/v1/transfers").handler(auth::handle).handler(dataRoutes::list);
        router.get("/v1/transfers/:id").handler(auth::handle).handler(dataRoutes::one);
        router.post("/v1/decisions").handler(auth::handle).handler(Authenticator.require(Role.CONSUMER)).handler(accessRoutes::decide);

        router.get("/v1/ledger/checkpoint").handler(ledgerRoutes::checkpoint);
        router.post("/v1/ledger/checkpoint").handler(auth::handle).handler(Authenticator.require(Role.OPERATOR))
                .handler(ledgerRoutes::signCheckpoint);
        router.get("/v1/ledger/entries").handler(auth::handle).handler(ledgerRoutes::entries);
        router.get("/v1/ledger/entries/:index").handler(auth::handle).handler(ledgerRoutes::entry);
        router.get("/v1/ledger/proof/inclusion").handler(auth::handle).handler(ledgerRoutes::inclusionProof);
        router.get("/v1/ledger/proof/consistency").handler(auth::handle).handler(ledgerRoutes::consistencyProof);
        router.get("/v1/ledger/export").handler(auth::handle).handler(Authenticator.require(Role.AUDITOR, Role.OPERATOR))
                .handler(ledgerRoutes::export);

        router.route().failureHandler(Problems::onFailure);
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, Problems::onFailure);
        }
    }

    /** The router, so tests in this package can mount extra routes through the real handler chain. */
    Router router() {
        return router;
    }

    /** This instance's consent cache, kept current by notifications from every instance. */
    ConsentCache consents() {
        return consents;
    }

    /** The JSON body reader with this gateway's limits. */
    JsonBody jsonBody() {
        return jsonBody;
    }

    /** Starts listening; completes with the bound port. */
    public Future<Integer> start() {
        // Routes are all declared now (tests mount theirs before starting): their templates label the request metrics.
        requestMetrics.routes(router.getRoutes().stream().map(Route::getPath).filter(Objects::nonNull).toList());
        notifications.start();
        pushes.start();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setCompressionSupported(true);
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .map(s -> {
                    server = s;
                    // Key files are re-read off the event loop; request handlers only read what is in memory.
                    keyRefresh = vertx.setPeriodic(KeyRing.RELOAD_EVERY.toMillis(), t -> vertx.executeBlocking(() -> {
                        identity.refreshKeys();
                        ledger.refreshKeys();
                        return null;
                    }, false).onFailure(e -> LOG.warn("could not re-read the key files: {}", e.toString())));
                    LOG.info("gateway listening on {}:{}", config.httpHost(), s.actualPort());
                    return s.actualPort();
                });
    }

    /** Stops accepting connections and lets in-flight requests finish within the configured grace period. */
    public Future<Void> shutdown() {
        if (keyRefresh >= 0) {
            vertx.cancelTimer(keyRefresh);
        }
        notifications.close();
        Future<Void> stopped = server == null ? Future.succeededFuture()
                : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        // Pushes in flight are handed back (pending, due now), so the next start resumes them at once.
        return stopped.eventually(transferWorkers::close).eventually(() -> vertx.executeBlocking(() -> {
            pushes.close();
            return null;
        }));
    }

    private void live(RoutingContext ctx) {
        ctx.json(new JsonObject().put("status", "UP"));
    }

    private void ready(RoutingContext ctx) {
        database.ping()
                .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onSuccess(v -> ctx.json(new JsonObject().put("status", "UP").put("database", "UP")))
                .onFailure(e -> {
                    LOG.warn("readiness check failed: database does not answer: {}", e.toString());
                    ctx.response().setStatusCode(503);
                    ctx.json(new JsonObject().put("status", "DOWN").put("database", "DOWN"));
                });
    }

    /**
     * The meters in Prometheus text format: aggregates only (counts, latencies, pool usage, the JVM),
     * no ids and no personal data; unauthenticated like the health checks, so operators keep it to
     * their own network. Rendered off the event loop.
     */
    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", METRICS_CONTENT_TYPE).end(text))
                .onFailure(e -> Problems.fail(ctx, e));
    }

    /** Discovery for clients and auditors. */
    private void configuration(RoutingContext ctx) {
        String base = publicUrl().toString().replaceAll("/+$", "");
        ctx.json(new JsonObject()
                .put("issuer", base)
                .put("tokenEndpoint", identity.tokenEndpoint().toString())
                .put("jwksUri", base + "/.well-known/jwks.json")
                .put("apiBase", base + "/v1")
                .put("ledgerCheckpoint", base + "/v1/ledger/checkpoint")
                .put("ledgerVerifierKey", ledger.verifier().verifierKey())
                .put("previousLedgerVerifierKeys", new JsonArray(ledger.retiredVerifiers().stream().map(NoteVerifier::verifierKey).toList())));
    }

    /** The ledger keys to publish: current first, then retired ones. */
    private List<NoteVerifier> ledgerKeys() {
        List<NoteVerifier> keys = new ArrayList<>();
        keys.add(ledger.verifier());
        keys.addAll(ledger.retiredVerifiers());
        return keys;
    }

    /** The public base URL: configured, or http://localhost with the port actually bound. */
    public URI publicUrl() {
        return config.publicUrl(server == null ? config.httpPort() : server.actualPort());
    }

    /** The standard contract templates, each with its parameters, for data stewards composing offers. */
    private void templates(RoutingContext ctx) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        Templates.all().forEach(t -> all.add(t.describe()));
        ctx.response().putHeader("Content-Type", "application/json").end(all.toString());
    }

    private void jwks(RoutingContext ctx) {
        // Built per request from the current key set, so a rotation shows at once; keys are few.
        ctx.response().putHeader("Content-Type", "application/jwk-set+json").putHeader("Cache-Control", "max-age=60")
                .end(identity.jwks(ledgerKeys()).toString(true));
    }

    private void openApi(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").end(openApi);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Gateway.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
