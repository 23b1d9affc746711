package org.sluis.benchmarks.identity;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.core.identity.AccessToken;
import org.sluis.core.identity.AccessTokenPolicy;
import org.sluis.core.identity.AccessTokenVerifier;
import org.sluis.core.identity.TokenIssuer;
import org.sluis.core.identity.VerifiedClient;

/**
 * Validation of one access token ({@link AccessTokenVerifier#verify}), what the HTTP layer does for every
 * {@code /v1} request: parse the compact JWS, check the header, verify the ES256 signature with the published key
 * chosen by {@code kid}, and check the claims. The tokens are real: issued by {@link TokenIssuer} with a freshly
 * generated P-256 key under the standard policy (five-minute lifetime), for a participant with two roles, each with
 * its own random {@code jti}, and the verifier reads the system clock as the exchange's does. DESIGN.md states no
 * budget of its own for this; it is part of the small-pull budget (token check, decision and durable ledger entry at
 * least half of nginx's throughput), whose per-request CPU it bounds from below.
 *
 * <p>{@code @Param tokens}: how many distinct tokens the requests cycle through. They are issued again before every
 * iteration, so that a run of any length never meets an expired token.
 *
 * <p>Defaults: 1 fork, 2 warm-up and 3 measured iterations of 3 s each in sample mode, about 15 s. Run (from the
 * repository root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TokenValidationBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TokenValidationBenchmark {

    private static final String ISSUER = "http://127.0.0.1:8080";

    /** How many distinct tokens the requests cycle through. */
    @Param({"16"})
    public int tokens;

    private final AccessTokenPolicy policy = AccessTokenPolicy.standard(ISSUER);
    private final ECKey key = TokenIssuer.generateKey("token-bench");
    private final TokenIssuer issuer = new TokenIssuer(policy, key, List.of());
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(policy, issuer.publicJwks(), Clock.systemUTC());
    private String[] bearers;
    private int next;

    /** Issues the tokens, valid for the next five minutes, and checks that the verifier accepts them. */
    @Setup(Level.Iteration)
    public void issue() {
        VerifiedClient client = new VerifiedClient("lab-3", Set.of("CONSUMER", "AUDITOR"), "a".repeat(64));
        bearers = new String[tokens];
        for (int i = 0; i < tokens; i++) {
            bearers[i] = issuer.issue(client, Instant.now());
        }
        AccessToken first = verifier.verify(bearers[0]);
        if (!first.participantId().equals("lab-3")) {
            throw new IllegalStateException("expected a token for lab-3, found one for " + first.participantId());
        }
    }

    /** Validates the next token in the cycle. */
    @Benchmark
    public AccessToken validate() {
        int i = next;
        next = i + 1 == bearers.length ? 0 : i + 1;
        return verifier.verify(bearers[i]);
    }
}
