package org.sluis.core.transfer;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.TRANSFER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.connectors.format.RecordFormat;
import org.sluis.connectors.net.NetworkGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers pushes in the background, with retries, exponential backoff and an idempotency key,
 * and resumes them after a restart.
 *
 * <p>A push is prepared once: the pipeline writes its records to a file in
 * {@code dataDir/transfers} (constant memory, and every attempt sends exactly the same bytes,
 * with the same SHA-256). Each attempt POSTs that file to the sink with
 * {@code Idempotency-Key: <transfer id>}, so a sink that received an attempt whose answer was
 * lost can tell the retry apart. A 2xx answer completes the transfer (its completion entry
 * records the bytes and digest delivered); anything else is retried after 1, 2, 4, … times
 * {@code firstRetry}, up to {@code maxAttempts}, then the transfer fails. The agreement is
 * checked before every attempt: an ended agreement aborts the push.
 *
 * <p>Work is claimed with a lease in the transfer's row ({@code SELECT … FOR UPDATE SKIP LOCKED}),
 * so each push is delivered by one instance at a time. On shutdown an instance hands its pushes
 * back (pending, due now), so the next start resumes them at once; after a crash they are taken up
 * when the lease expires. A push whose prepared file is gone (a crash while it was being
 * prepared, or another instance without the same data directory) fails, saying so.
 */
public final class PushDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a claim on a push lasts before another instance may take it over. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 8;

    private final DSLContext dsl;
    private final Transfers transfers;
    private final Path workDir;
    private final NetworkGuard guard;
    private final String node;
    private final Clock clock;
    private final Duration firstRetry;
    private final int maxAttempts;
    private final HttpClient http;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    /**
     * A delivery engine; nothing runs until {@link #start()}.
     *
     * @param workDir     where prepared bodies are kept ({@code dataDir/transfers})
     * @param guard       the SSRF guard every sink URL passes before every attempt
     * @param node        this instance's id, for leases
     * @param firstRetry  the wait after the first failed attempt; each further wait doubles
     * @param maxAttempts attempts before the push fails
     * @param threads     pushes prepared or delivered at once
     */
    public PushDelivery(DSLContext dsl, Transfers transfers, Path workDir, NetworkGuard guard, String node, Clock clock, Duration firstRetry,
                        int maxAttempts, int threads) {
        this.dsl = dsl;
        this.transfers = transfers;
        this.workDir = workDir;
        this.guard = guard;
        this.node = node;
        this.clock = clock;
        this.firstRetry = firstRetry;
        this.maxAttempts = maxAttempts;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Sources.CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "sluis-push"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluis-push-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Looks for due pushes every second, starting now (so a restart resumes at once). */
    public void start() {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        timer.scheduleWithFixedDelay(this::claimDue, 0, 1, TimeUnit.SECONDS);
    }

    /** Takes a push just decided: claims it, prepares its body and delivers it, on a push thread. */
    public void submit(Transfers.Job job) {
        workers.execute(() -> {
            try {
                if (claim(job.transfer().id())) {
                    prepareAndDeliver(job);
                }
            } catch (RuntimeException e) {
                LOG.error("push {} failed unexpectedly", job.transfer().id(), e);
            }
        });
    }

    private boolean claim(String id) {
        Instant now = clock.instant();
        return dsl.update(TRANSFER).set(TRANSFER.STATE, Transfer.RUNNING).set(TRANSFER.LEASE_OWNER, node)
                .set(TRANSFER.LEASE_UNTIL, utc(now.plus(LEASE))).set(TRANSFER.UPDATED_AT, utc(now))
                .where(TRANSFER.ID.eq(id).and(TRANSFER.STATE.eq(Transfer.PENDING))).execute() == 1;
    }

    private void prepareAndDeliver(Transfers.Job job) {
        Transfer t = job.transfer();
        if (job.open().isPresent()) {
            return; // the source could not be read: logged as failed
        }
        Path body = workDir.resolve(t.id() + ".body");
        Transfers.Written w;
        try (OutputStream out = Files.newOutputStream(body)) {
            w = job.write(out);
        } catch (IOException e) {
            w = Transfers.Written.nothing(Transfer.FAILED, "the push could not be prepared: " + e.getMessage());
        }
        if (!w.state().equals(Transfer.COMPLETED)) {
            discard(t.id());
            job.end(w.state().equals(Transfer.FAILED) ? w : Transfers.Written.nothing(Transfer.ABORTED, w.error().orElse("stopped")));
            return;
        }
        writeMeta(t.id(), w);
        deliver(TransferStore.find(dsl, t.id()).orElseThrow(), w);
    }

    /** One attempt: send the prepared body; complete, retry later, or give up. */
    private void deliver(Transfer t, Transfers.Written prepared) {
        int attempt = t.attempts() + 1;
        Optional<String> ended = transfers.agreementEnded(t);
        if (ended.isPresent()) {
            finish(t, Transfers.Written.nothing(Transfer.ABORTED, ended.get()));
            return;
        }
        String failure;
        try {
            URI sink = URI.create(t.sinkUrl().orElseThrow());
            guard.check(sink);
            HttpRequest.Builder request = HttpRequest.newBuilder(sink).timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofFile(workDir.resolve(t.id() + ".body")))
                    .header("Content-Type", RecordFormat.fromWire(t.format()).orElse(RecordFormat.NDJSON).mediaType())
                    .header("Idempotency-Key", t.id())
                    .header("X-Sluis-Transfer-Id", t.id())
                    .header("X-Sluis-Agreement", t.agreementId())
                    .header("X-Sluis-Sha256", prepared.sha256())
                    .header("X-Sluis-Records", Long.toString(prepared.records()));
            TransferStore.sinkHeaders(dsl, t.id()).map(PushDelivery::parse)
                    .ifPresent(h -> h.properties().forEach(e -> request.header(e.getKey(), e.getValue().asText())));
            HttpResponse<Void> answer = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 == 2) {
                finish(t, prepared);
                return;
            }
            failure = "the sink answered HTTP " + answer.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (IOException | RuntimeException e) {
            failure = "the sink could not be reached: " + e.getMessage();
        }
        if (attempt >= maxAttempts) {
            finish(t, Transfers.Written.nothing(Transfer.FAILED, "gave up after " + attempt + " attempts; the last: " + failure));
            return;
        }
        Instant next = clock.instant().plus(firstRetry.multipliedBy(1L << (attempt - 1)));
        dsl.update(TRANSFER).set(TRANSFER.STATE, Transfer.PENDING).set(TRANSFER.ATTEMPTS, attempt).set(TRANSFER.ERROR, failure)
                .set(TRANSFER.NEXT_ATTEMPT_AT, utc(next)).setNull(TRANSFER.LEASE_OWNER).setNull(TRANSFER.LEASE_UNTIL)
                .set(TRANSFER.UPDATED_AT, utc(clock.instant())).where(TRANSFER.ID.eq(t.id())).execute();
    }

    private void finish(Transfer t, Transfers.Written w) {
        dsl.update(TRANSFER).set(TRANSFER.ATTEMPTS, t.attempts() + 1).where(TRANSFER.ID.eq(t.id())).execute();
        transfers.end(t, w, null);
        discard(t.id());
    }

    /** Claims due pushes (pending and due, or held under an expired lease) and delivers them. */
    private void claimDue() {
        try {
            Instant now = clock.instant();
            List<Transfer> due = dsl.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                List<String> ids = tx.select(TRANSFER.ID).from(TRANSFER)
                        .where(TRANSFER.MODE.eq(Transfer.PUSH).and(
                                // a fresh push is claimed by submit(); one never claimed (the instance died first) is taken after a lease
                                TRANSFER.STATE.eq(Transfer.PENDING).and(TRANSFER.NEXT_ATTEMPT_AT.le(utc(now))
                                                .or(TRANSFER.NEXT_ATTEMPT_AT.isNull().and(TRANSFER.CREATED_AT.lt(utc(now.minus(LEASE))))))
                                        .or(TRANSFER.STATE.eq(Transfer.RUNNING).and(TRANSFER.LEASE_UNTIL.lt(utc(now))))))
                        .orderBy(TRANSFER.NEXT_ATTEMPT_AT).limit(BATCH).forUpdate().skipLocked().fetch(TRANSFER.ID);
                if (ids.isEmpty()) {
                    return List.<Transfer>of();
                }
                tx.update(TRANSFER).set(TRANSFER.STATE, Transfer.RUNNING).set(TRANSFER.LEASE_OWNER, node)
                        .set(TRANSFER.LEASE_UNTIL, utc(now.plus(LEASE))).where(TRANSFER.ID.in(ids)).execute();
                return tx.selectFrom(TRANSFER).where(TRANSFER.ID.in(ids)).fetch(TransferStore::transfer);
            });
            for (Transfer t : due) {
                workers.execute(() -> resume(t));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not look for due pushes: {}", e.getMessage());
        }
    }

    private void resume(Transfer t) {
        try {
            Optional<Transfers.Written> prepared = readMeta(t.id());
            if (prepared.isEmpty()) {
                finish(t, Transfers.Written.nothing(Transfer.FAILED, "its data was not prepared here (the exchange stopped while"
                        + " preparing it, or another instance did); request the push again"));
                return;
            }
            deliver(t, prepared.get());
        } catch (RuntimeException e) {
            LOG.error("push {} failed unexpectedly", t.id(), e);
        }
    }

    private void writeMeta(String id, Transfers.Written w) {
        ObjectNode meta = JSON.createObjectNode().put("records", w.records()).put("bytes", w.bytes()).put("sha256", w.sha256());
        try {
            Path tmp = workDir.resolve(id + ".json.tmp");
            Files.writeString(tmp, meta.toString());
            Files.move(tmp, workDir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the prepared push " + id, e);
        }
    }

    private Optional<Transfers.Written> readMeta(String id) {
        Path meta = workDir.resolve(id + ".json");
        if (!Files.exists(meta) || !Files.exists(workDir.resolve(id + ".body"))) {
            return Optional.empty();
        }
        JsonNode m = parse(read(meta));
        return Optional.of(new Transfers.Written(Transfer.COMPLETED, m.path("records").asLong(), m.path("bytes").asLong(),
                m.path("sha256").asText(), Optional.empty()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void discard(String id) {
        try {
            Files.deleteIfExists(workDir.resolve(id + ".body"));
            Files.deleteIfExists(workDir.resolve(id + ".json"));
        } catch (IOException e) {
            LOG.warn("could not delete the prepared body of push {}: {}", id, e.getMessage());
        }
    }

    /** Stops looking for work and hands this instance's unfinished pushes back, due now, for the next start. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            dsl.update(TRANSFER).set(TRANSFER.STATE, Transfer.PENDING).set(TRANSFER.NEXT_ATTEMPT_AT, utc(clock.instant()))
                    .setNull(TRANSFER.LEASE_OWNER).setNull(TRANSFER.LEASE_UNTIL)
                    .where(TRANSFER.LEASE_OWNER.eq(node).and(TRANSFER.STATE.eq(Transfer.RUNNING)).and(TRANSFER.MODE.eq(Transfer.PUSH)))
                    .execute();
        } catch (RuntimeException e) {
            LOG.warn("could not hand back this instance's pushes; they resume when their lease expires: {}", e.getMessage());
        }
    }
}
