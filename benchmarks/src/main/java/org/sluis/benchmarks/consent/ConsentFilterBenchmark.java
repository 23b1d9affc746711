package org.sluis.benchmarks.consent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sluis.policy.consent.Consent;
import org.sluis.policy.consent.ConsentFilter;
import org.sluis.policy.consent.ConsentIndex;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;
import org.sluis.policy.consent.KeyedHash;
import org.sluis.policy.consent.Pseudonymiser;

/**
 * Streaming with consent filter and pseudonymisation, the DESIGN.md budget of at least 1,000,000
 * records/s per core. One thread (one core) streams {@value #ROWS} records per invocation, each a
 * {@code String[]} of subject id, patient number and encounter id, drawn from {@value #SUBJECTS}
 * distinct subjects (every record's strings are their own instances, as a parser would make them).
 * Per record it asks a {@link ConsentFilter} (opt-out, a {@link ConsentIndex} of 1 to 3 consents
 * for each of the {@value #SUBJECTS} subjects, about 5 % of them denying) and, if admitted,
 * pseudonymises the two identifier fields with the agreement's {@link Pseudonymiser}. Throughput
 * is reported per record: ops/s = records/s on one core.
 *
 * <p>{@code @Param memo}: {@code true} gives the filter its default memo of subject hashes,
 * {@code false} (memo limit 0) hashes every record's subject afresh. The other benchmarks split
 * the cost: {@code keyedHash} and {@code jdkMac} compare {@link KeyedHash} with a per-thread
 * keyed {@code javax.crypto.Mac} and the JDK's base64url encoder (the approach of exchange-core's
 * {@code SubjectHash.Hasher}), {@code lookup} is one {@link ConsentIndex#permits}.
 *
 * <p>Defaults: 1 fork, 3 warm-up and 5 measured iterations of 2 s each. Run (from the repository
 * root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConsentFilterBenchmark
 * java -jar benchmarks/target/benchmarks.jar ConsentFilterBenchmark.stream -p memo=false -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsentFilterBenchmark {
    static final int SUBJECTS = 10_000;
    static final int ROWS = 1 << 16;
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String LAB = "urn:sluis:participant:lab";

    /** One stream: its records, the consent state, the filter and the agreement's pseudonymiser. */
    @State(Scope.Thread)
    public static class Stream extends Fixture {
        /** Whether the filter memoises subject hashes (its default limit) or hashes every record (limit 0). */
        @Param({"true", "false"})
        boolean memo;

        ConsentFilter filter;

        /** Builds the fixture and the stream's filter. */
        @Setup(Level.Trial)
        public void filter() throws GeneralSecurityException {
            build();
            filter = new ConsentFilter(index, subjectKey, query, memo ? ConsentFilter.DEFAULT_MEMO_LIMIT : 0);
        }
    }

    /** The same records and consents, for the benchmarks of one call. */
    @State(Scope.Thread)
    public static class Parts extends Fixture {
        /** Builds the fixture. */
        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            build();
        }
    }

    /** Records, consents and keys, built the same way for every state. */
    abstract static class Fixture {
        String[][] rows;
        ConsentIndex index;
        ConsentQuery query;
        KeyedHash subjectKey;
        Pseudonymiser pseudonymiser;
        ThreadLocal<Mac> jdkMacs;
        String[] subjectHashes;
        int next;

        /** Builds {@value #ROWS} records, the consents of {@value #SUBJECTS} subjects and the keys. */
        void build() throws GeneralSecurityException {
            SplittableRandom random = new SplittableRandom(20261123);
            byte[] key = new byte[32];
            random.nextBytes(key);
            subjectKey = new KeyedHash(key);
            pseudonymiser = Pseudonymiser.forAgreement(new KeyedHash(key).derive("pseudonyms"), "a-17");
            query = new ConsentQuery(ConsentMode.OPT_OUT, "cohort-2026", Set.of("health"), Set.of("scientific-research"),
                    Set.of(LAB, "urn:sluis:participant-category:research-institute"), NOW);

            List<Consent> consents = new ArrayList<>();
            subjectHashes = new String[SUBJECTS];
            for (int s = 0; s < SUBJECTS; s++) {
                String hash = subjectKey.hash(subject(s));
                subjectHashes[s] = hash;
                // Everyone has a category permission for public health; some a dataset consent for research; 5 % deny.
                consents.add(new Consent(hash, Optional.empty(), Optional.of("health"), Set.of("public-health"), Set.of(),
                        Optional.empty(), Optional.empty(), true));
                if (s % 3 == 0) {
                    consents.add(new Consent(hash, Optional.of("cohort-2026"), Optional.empty(), Set.of("scientific-research"), Set.of(LAB),
                            Optional.of(NOW.minusSeconds(86_400)), Optional.empty(), true));
                }
                if (s % 20 == 0) {
                    consents.add(new Consent(hash, Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(), Optional.empty(),
                            Optional.empty(), false));
                }
            }
            index = ConsentIndex.of(consents);

            rows = new String[ROWS][];
            for (int r = 0; r < ROWS; r++) {
                int s = random.nextInt(SUBJECTS);
                rows[r] = new String[] {new String(subject(s).toCharArray()), new String(("P" + (100_000 + s)).toCharArray()),
                    "E" + (10_000_000 + r)};
            }
            SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
            Mac.getInstance("HmacSHA256").init(spec); // fail here, not in a measured iteration
            jdkMacs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(spec);
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        static String subject(int s) {
            return "pseudo-" + (1_000_000 + s);
        }

        String nextSubject() {
            return rows[next++ & (ROWS - 1)][0];
        }
    }

    /**
     * Streams {@value #ROWS} records: the consent filter on the subject, then, for admitted
     * records, the pseudonyms of the two identifier fields. Reported per record.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void stream(Stream s, Blackhole out) {
        ConsentFilter filter = s.filter;
        Pseudonymiser pseudonymiser = s.pseudonymiser;
        for (String[] row : s.rows) {
            if (filter.admits(row[0])) {
                out.consume(pseudonymiser.pseudonym(row[1]));
                out.consume(pseudonymiser.pseudonym(row[2]));
            }
        }
    }

    /** One subject hash with {@link KeyedHash} (padded key absorbed once, digests cloned). */
    @Benchmark
    public String keyedHash(Parts s) {
        return s.subjectKey.hash(s.nextSubject());
    }

    /** One subject hash with a per-thread keyed {@code Mac} and the JDK's base64url encoder. */
    @Benchmark
    public String jdkMac(Parts s) {
        byte[] mac = s.jdkMacs.get().doFinal(s.nextSubject().getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /** One {@link ConsentIndex#permits} of a known subject's hash (no hashing). */
    @Benchmark
    public boolean lookup(Parts s) {
        return s.index.permits(s.subjectHashes[(s.next++ & Integer.MAX_VALUE) % SUBJECTS], s.query);
    }
}
