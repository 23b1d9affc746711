package org.sluis.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The driver's options, from {@code --name value} pairs.
 *
 * @param lb             the load balancer's base URL, which the workload goes through (also the exchange's {@code publicUrl})
 * @param a              instance a's own base URL (probes; a is the one killed)
 * @param b              instance b's own base URL (probes)
 * @param dataDir        the data directory with {@code operator.key.pem} and {@code operator.cert.pem}
 * @param filesRoot      the exchange's {@code files.root}, where the source files are written
 * @param out            where the export, the checkpoints, the verifier key and the summary go
 * @param duration       how long the workload runs
 * @param concurrency    requests in flight at most
 * @param maxRequests    requests the workload starts at most
 * @param killPid        the process id of instance a, killed with SIGKILL at {@code killAt}; empty: none is killed
 * @param killAt         when, from the workload's start
 * @param probes         revocation probes, spread over the time before the kill, alternately a to b and b to a
 * @param revocationBudget how soon the other instance must enforce a revocation
 * @param burstLimit     uses allowed under the burst agreement, asked three times as often in a burst at 2 s
 * @param steadyLimit    uses allowed under the steady agreement, asked once per {@code steadyEvery} from the start
 * @param steadyEvery    the steady agreement's cadence
 */
record LoadOptions(URI lb, URI a, URI b, Path dataDir, Path filesRoot, Path out, Duration duration, int concurrency, int maxRequests,
                   Optional<Long> killPid, Duration killAt, int probes, Duration revocationBudget, int burstLimit, int steadyLimit,
                   Duration steadyEvery) {
    private static final Set<String> NAMES = Set.of("lb", "a", "b", "data-dir", "files-root", "out", "duration", "concurrency",
            "max-requests", "kill-pid", "kill-at", "probes", "revocation-budget-millis", "burst-limit", "steady-limit", "steady-every-millis");

    /** Checks the values against each other. */
    LoadOptions {
        if (concurrency < 1 || maxRequests < 1 || probes < 0 || probes > Fixture.PROBES || burstLimit < 1 || steadyLimit < 1) {
            throw new IllegalArgumentException("expected concurrency, max-requests, burst-limit and steady-limit of at least 1 and 0 to "
                    + Fixture.PROBES + " probes");
        }
        if (killPid.isPresent() && killAt.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("expected kill-at before the end of the workload (" + duration.toSeconds() + " s), found "
                    + killAt.toSeconds() + " s");
        }
    }

    /** The usage text. */
    static final String USAGE = """
            usage: java -cp benchmarks.jar org.sluis.benchmarks.load.MixedWorkload --lb URL --a URL --b URL
                     --data-dir DIR --files-root DIR --out DIR [--duration 65] [--concurrency 16] [--max-requests 100000]
                     [--kill-pid PID --kill-at 30] [--probes 6] [--revocation-budget-millis 1000]
                     [--burst-limit 20] [--steady-limit 150] [--steady-every-millis 250]
            Durations are in seconds unless the name says millis. Exit code 0: every check passed; 1: a check failed;
            2: unusable options or the setup failed.""";

    /** Parses {@code --name value} pairs. */
    static LoadOptions parse(List<String> args) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || !NAMES.contains(name.substring(2)) || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --name value with a name among " + NAMES.stream().sorted().toList()
                        + ", found " + name);
            }
            v.put(name.substring(2), args.get(i + 1));
        }
        for (String required : List.of("lb", "a", "b", "data-dir", "files-root", "out")) {
            if (!v.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return new LoadOptions(URI.create(v.get("lb")), URI.create(v.get("a")), URI.create(v.get("b")), Path.of(v.get("data-dir")),
                Path.of(v.get("files-root")), Path.of(v.get("out")), Duration.ofSeconds(number(v, "duration", 65)),
                (int) number(v, "concurrency", 16), (int) number(v, "max-requests", 100_000),
                Optional.ofNullable(v.get("kill-pid")).map(Long::parseLong), Duration.ofSeconds(number(v, "kill-at", 30)),
                (int) number(v, "probes", 6), Duration.ofMillis(number(v, "revocation-budget-millis", 1000)),
                (int) number(v, "burst-limit", 20), (int) number(v, "steady-limit", 150), Duration.ofMillis(number(v, "steady-every-millis", 250)));
    }

    private static long number(Map<String, String> v, String name, long otherwise) {
        String text = v.get(name);
        if (text == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, found " + text, e);
        }
    }
}
