package org.sluis.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A mixed workload against exchange instances behind a load balancer, with an instance killed
 * midway, and the checks that follow it. {@code deploy/multi-instance/run.sh} starts the
 * instances and nginx and runs it; {@link LoadOptions#USAGE} lists the options.
 *
 * <p>The run: set up participants, datasets and agreements ({@link Fixture}); for
 * {@code duration}, keep {@code concurrency} requests of {@link MixedOperations} in flight
 * through the load balancer, with a burst of uses of the burst agreement at 2 s and steady uses
 * of the steady one; meanwhile run the {@link RevocationProbe}s against the instances directly,
 * collect every checkpoint the exchange publishes, and at {@code killAt} kill instance a with
 * SIGKILL. Afterwards have the exchange sign a checkpoint of the whole log, export it, and check:
 * indexes without gap or duplicate and every acknowledged entry present ({@link LedgerAudit}),
 * the count constraints ({@link MeteredAgreement}), the probes' latencies against the budget, and
 * that instance b answered every request started after the kill. The export, the checkpoints and
 * the verifier key are left in {@code out} for {@code sluis ledger verify}.
 */
public final class MixedWorkload {
    private static final int LISTED = 10;
    private static final int PROBE_MARGIN_SECONDS = 8;
    private static final int PROBE_DEADLINE_SECONDS = 6;
    private static final int MIN_PROBES = 3;

    private final LoadOptions options;
    private final Journal journal = new Journal("mw-" + UUID.randomUUID().toString().substring(0, 8) + "-");
    private final ExchangeHttp http;
    private final Set<String> checkpoints = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Throwable> driverErrors = new ConcurrentLinkedQueue<>();
    private final List<RevocationProbe.Result> probes = new ArrayList<>();
    private volatile long killNanos = -1;
    private volatile long goneNanos = -1;

    private MixedWorkload(LoadOptions options) {
        this.options = options;
        this.http = new ExchangeHttp(Map.of("lb", options.lb(), "a", options.a(), "b", options.b()), journal);
    }

    /** Runs the workload and the checks; exits 0 when all passed, 1 when one failed, 2 on unusable options or a failed setup. */
    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new MixedWorkload(options).run());
    }

    private int run() throws Exception {
        Files.createDirectories(options.out());
        Fixture fixture;
        try {
            fixture = Fixture.create(http, options.lb(), options.dataDir(), options.filesRoot(), options.burstLimit(), options.steadyLimit());
        } catch (IOException | RuntimeException e) {
            System.err.println("setup failed: " + e.getMessage());
            return 2;
        }
        long origin = System.nanoTime();
        System.out.printf("set up; workload of %d s at concurrency %d through %s%s%n", options.duration().toSeconds(),
                options.concurrency(), options.lb(), options.killPid().map(p -> ", killing instance a (pid " + p + ") at "
                        + options.killAt().toSeconds() + " s").orElse(""));
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        timers.scheduleWithFixedDelay(this::collectCheckpoint, 0, 1, TimeUnit.SECONDS);
        options.killPid().ifPresent(pid -> timers.schedule(() -> kill(pid), options.killAt().toMillis(), TimeUnit.MILLISECONDS));
        Thread prober = new Thread(() -> probe(fixture, origin), "revocation-probes");
        prober.start();
        int started = drive(new MixedOperations(http, fixture), fixture, origin);
        prober.join();
        timers.shutdownNow();
        timers.awaitTermination(10, TimeUnit.SECONDS);
        collectCheckpoint();
        System.out.printf("workload done: %d requests started in %.1f s; exporting the ledger%n", started, (System.nanoTime() - origin) / 1e9);

        Reply signed = http.send("lb", "audit", "POST", "/v1/ledger/checkpoint", fixture.operator, null, Set.of(200)).join();
        if (!signed.ok()) {
            System.err.println("the exchange did not sign a final checkpoint: " + describe(signed));
            return 1;
        }
        synchronized (checkpoints) {
            checkpoints.add(signed.text());
        }
        long size = Long.parseLong(signed.text().split("\n")[1]);
        Reply export = http.send("lb", "audit", "GET", "/v1/ledger/export?to=" + size, fixture.operator, null, Set.of(200)).join();
        Reply configuration = http.send("lb", "audit", "GET", "/.well-known/sluis-configuration", null, null, Set.of(200)).join();
        if (!export.ok() || !configuration.ok()) {
            System.err.println("the export or the configuration could not be read: " + describe(export) + "; " + describe(configuration));
            return 1;
        }
        writeAuditFiles(export.body(), configuration.json().path("ledgerVerifierKey").asText());
        Report report = check(fixture, LedgerAudit.of(export.text().lines().toList()), size, origin, started);
        Files.writeString(options.out().resolve("summary.txt"), report.text(), StandardCharsets.UTF_8);
        System.out.print(report.text());
        return report.passed() ? 0 : 1;
    }

    /** The main loop: keeps {@code concurrency} operations in flight until the duration or the request cap is reached. */
    private int drive(MixedOperations ops, Fixture fixture, long origin) throws InterruptedException {
        Semaphore slots = new Semaphore(options.concurrency());
        long end = origin + options.duration().toNanos();
        long burstAt = origin + TimeUnit.SECONDS.toNanos(2);
        int burstLeft = 3 * options.burstLimit();
        long nextSteady = origin;
        int started = 0;
        while (System.nanoTime() < end && started < options.maxRequests()) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long now = System.nanoTime();
            CompletableFuture<Void> op;
            try {
                if (burstLeft > 0 && now >= burstAt) {
                    burstLeft--;
                    op = ops.meter(fixture.burst);
                } else if (now >= nextSteady) {
                    nextSteady += options.steadyEvery().toNanos();
                    op = ops.meter(fixture.steady);
                } else {
                    op = ops.next();
                }
            } catch (RuntimeException e) {
                op = CompletableFuture.failedFuture(e);
            }
            started++;
            op.whenComplete((v, e) -> {
                if (e != null) {
                    driverErrors.add(e);
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(options.concurrency(), ExchangeHttp.TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            driverErrors.add(new IllegalStateException("requests were still open " + (ExchangeHttp.TIMEOUT.toSeconds() + 10)
                    + " s after the workload ended"));
        }
        return started;
    }

    /**
     * The revocation probes, spread over the time before the kill (or the first half of the run),
     * alternately a to b and b to a, the last {@value #PROBE_MARGIN_SECONDS} s before the kill. A
     * probe delayed by slow ones before it is not started later than {@value #PROBE_DEADLINE_SECONDS}
     * s before the kill, so that none runs into it.
     */
    private void probe(Fixture fixture, long origin) {
        RevocationProbe probe = new RevocationProbe(http, fixture);
        long window = (options.killPid().isPresent() ? options.killAt() : options.duration().dividedBy(2)).toNanos();
        long first = TimeUnit.SECONDS.toNanos(2);
        long last = window - TimeUnit.SECONDS.toNanos(PROBE_MARGIN_SECONDS);
        long deadline = window - TimeUnit.SECONDS.toNanos(PROBE_DEADLINE_SECONDS);
        long every = options.probes() <= 1 ? 0 : (last - first) / (options.probes() - 1);
        try {
            for (int k = 0; k < options.probes(); k++) {
                long wait = origin + first + k * every - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (System.nanoTime() > origin + deadline) {
                    break;
                }
                RevocationProbe.Result r = k % 2 == 0 ? probe.run(k, "a", "b") : probe.run(k, "b", "a");
                synchronized (probes) {
                    probes.add(r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            driverErrors.add(e);
        }
    }

    private void collectCheckpoint() {
        Reply r = http.send("lb", "checkpoint", "GET", "/v1/ledger/checkpoint", null, null, Set.of(200)).join();
        if (r.ok()) {
            synchronized (checkpoints) {
                checkpoints.add(r.text());
            }
        }
    }

    /** Kills instance a with SIGKILL ({@link ProcessHandle#destroyForcibly()} on Unix) and notes when it was gone. */
    private void kill(long pid) {
        killNanos = System.nanoTime();
        ProcessHandle.of(pid).ifPresentOrElse(p -> {
            p.destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!p.isAlive()) {
                goneNanos = System.nanoTime();
            }
        }, () -> driverErrors.add(new IllegalStateException("there is no process " + pid + " to kill")));
    }

    private void writeAuditFiles(byte[] export, String key) throws IOException {
        Files.write(options.out().resolve("export.ndjson"), export);
        Files.writeString(options.out().resolve("key.txt"), key + "\n", StandardCharsets.US_ASCII);
        Path dir = Files.createDirectories(options.out().resolve("checkpoints"));
        int i = 0;
        synchronized (checkpoints) {
            for (String note : checkpoints) {
                Files.writeString(dir.resolve(String.format("%03d.txt", i++)), note, StandardCharsets.UTF_8);
            }
        }
    }

    private Report check(Fixture fixture, LedgerAudit audit, long size, long origin, int started) {
        Report report = new Report();
        List<Call> calls = journal.calls();
        report.note(String.format("multi-instance run: %d s of mixed load at concurrency %d through %s; instance a %s",
                options.duration().toSeconds(), options.concurrency(), options.lb(),
                killNanos < 0 ? "not killed" : String.format("killed (SIGKILL) at %.1f s", (killNanos - origin) / 1e9)));
        requests(report, calls, started);
        ledger(report, audit, size);
        counts(report, fixture, audit, calls);
        revocations(report);
        failover(report, calls, origin);
        List<Throwable> errors = new ArrayList<>(driverErrors);
        report.check("driver", errors.isEmpty(), "driver: " + errors.size() + " errors in the driver itself");
        errors.stream().limit(LISTED).forEach(e -> report.detail(e.toString()));
        synchronized (checkpoints) {
            report.note("audit files: " + options.out().resolve("export.ndjson") + " (" + size + " entries), " + checkpoints.size()
                    + " distinct checkpoints in " + options.out().resolve("checkpoints") + ", key in " + options.out().resolve("key.txt"));
        }
        return report;
    }

    private void requests(Report report, List<Call> calls, int started) {
        Map<String, int[]> byOperation = new TreeMap<>();
        for (Call c : calls) {
            int[] counts = byOperation.computeIfAbsent(c.operation(), k -> new int[2]);
            counts[0]++;
            counts[1] += c.expected() ? 1 : 0;
        }
        double seconds = options.duration().toNanos() / 1e9;
        report.note(String.format("requests: %d in all, %d of them the mixed workload's (%.0f/s), %d answered as expected;"
                + " by operation (as expected/sent): %s", calls.size(), started, started / seconds, calls.stream().filter(Call::expected).count(),
                byOperation.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0])
                        .collect(Collectors.joining(", "))));
    }

    private void ledger(Report report, LedgerAudit audit, long size) {
        List<String> problems = audit.sequenceProblems();
        boolean whole = problems.isEmpty() && audit.size() == size;
        report.check("ledger sequence", whole, String.format("ledger: %d entries exported of a signed tree of %d, indexes 0..%d: %s",
                audit.size(), size, audit.size() - 1, problems.isEmpty() ? "no gap, no duplicate, in order" : problems.size() + " problems"));
        problems.stream().limit(LISTED).forEach(report::detail);
        report.detail("kinds: " + audit.kinds());
        List<Ack> acks = journal.acks();
        List<Ack> missing = audit.missing(acks);
        report.check("acknowledged entries", missing.isEmpty(), String.format("acknowledged entries: %d, %d of them not in the export"
                + " with the kind, request id, body and index the answer gave", acks.size(), missing.size()));
        missing.stream().limit(LISTED).forEach(a -> report.detail("missing: " + a));
    }

    private void counts(Report report, Fixture fixture, LedgerAudit audit, List<Call> calls) {
        Set<String> inFlight = calls.stream().filter(this::inFlightAtKill).map(Call::requestId).collect(Collectors.toSet());
        for (MeteredAgreement m : List.of(fixture.burst, fixture.steady)) {
            MeteredAgreement.Verdict v = m.check(audit.entries("access.permitted", m.id), inFlight::contains);
            report.check("count " + m.dataset, v.ok(), "count: " + v.line());
        }
    }

    private void revocations(Report report) {
        List<RevocationProbe.Result> results;
        synchronized (probes) {
            results = List.copyOf(probes);
        }
        long budget = options.revocationBudget().toMillis();
        int required = Math.min(MIN_PROBES, options.probes());
        boolean ok = results.size() >= required && results.stream().allMatch(r -> r.ok(budget));
        report.check("revocation", ok, String.format("revocation: %d probes ran (at least %d required); the other instance denied every"
                + " decision about the subject sent %s ms after the revocation's answer (budget %d ms); the slowest denial arrived after %s ms",
                results.size(), required, results.stream().mapToLong(RevocationProbe.Result::revokeSentMillis).max().stream()
                        .mapToObj(Long::toString).findFirst().orElse("-"), budget,
                results.stream().mapToLong(RevocationProbe.Result::revokeAnsweredMillis).max().stream()
                        .mapToObj(Long::toString).findFirst().orElse("-")));
        for (RevocationProbe.Result r : results) {
            report.detail(String.format("probe %d: changed through %s, asked %s: permit in force for a decision sent after %d ms;"
                    + " revocation in force for a decision sent after %d ms, denied %d ms after the revocation's answer%s", r.k(), r.from(),
                    r.to(), r.permitSentMillis(), r.revokeSentMillis(), r.revokeAnsweredMillis(),
                    r.failure() == null ? "" : ": " + r.failure()));
        }
    }

    private void failover(Report report, List<Call> calls, long origin) {
        List<Call> failed = calls.stream().filter(c -> !c.expected()).toList();
        List<Call> atKill = failed.stream().filter(this::inFlightAtKill).toList();
        List<Call> otherwise = failed.stream().filter(c -> !inFlightAtKill(c)).toList();
        report.check("failures", otherwise.isEmpty(), String.format("failed requests: %d, %d of them in flight at the kill (allowed),"
                + " %d otherwise", failed.size(), atKill.size(), otherwise.size()));
        otherwise.stream().limit(LISTED).forEach(c -> report.detail(c.describe(origin)));
        if (killNanos < 0) {
            return;
        }
        long end = origin + options.duration().toNanos();
        List<Call> after = calls.stream().filter(c -> goneNanos > 0 && c.startNanos() > goneNanos && c.target().equals("lb")).toList();
        long answered = after.stream().filter(Call::expected).count();
        long lastAnswer = after.stream().filter(Call::expected).mapToLong(Call::endNanos).max().orElse(-1);
        boolean served = goneNanos > 0 && !after.isEmpty() && answered == after.size() && lastAnswer >= end - TimeUnit.SECONDS.toNanos(2);
        report.check("failover", served, String.format("failover: instance a gone %s after the SIGKILL; %d requests through nginx started"
                + " after that, %d answered as expected, the last answer at %.1f s of %d s", goneNanos > 0
                ? String.format("%.1f ms", (goneNanos - killNanos) / 1e6) : "NOT", after.size(), answered,
                (lastAnswer - origin) / 1e9, options.duration().toSeconds()));
    }

    /** Whether a call was open while instance a was being killed: sent before it was gone, not ended before the kill. */
    private boolean inFlightAtKill(Call c) {
        if (killNanos < 0) {
            return false;
        }
        long gone = goneNanos > 0 ? goneNanos : Long.MAX_VALUE;
        return c.startNanos() <= gone && c.endNanos() >= killNanos;
    }

    private static String describe(Reply r) {
        return r.call().failure() != null ? r.call().failure() : r.status() + " " + r.text();
    }
}
