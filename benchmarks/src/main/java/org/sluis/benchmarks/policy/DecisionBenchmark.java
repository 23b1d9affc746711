package org.sluis.benchmarks.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
import org.sluis.contracts.agreement.AgreementTerms;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.template.Instantiated;
import org.sluis.contracts.template.Templates;
import org.sluis.policy.AccessRequest;
import org.sluis.policy.AgreementContext;
import org.sluis.policy.CompiledAgreement;
import org.sluis.policy.DatasetContext;
import org.sluis.policy.Decision;
import org.sluis.policy.DecisionPoint;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;
import org.sluis.policy.consent.ConsentView;

/**
 * One access decision ({@link DecisionPoint#decide}) on a compiled {@code health-secondary-use}
 * agreement (purpose isAnyOf, spatial isPartOf EU, the agreed purpose, two prohibitions,
 * pseudonymise and delete duties), for a request about one data subject whose consent is looked up
 * in memory. Budget (DESIGN.md, "Performance budgets"): access decision with consent, in process,
 * p50 at most 10 µs.
 *
 * <p>{@code @Param consentMode}: {@code opt-in} consults the consent view and adds the consent
 * filter; {@code none} measures the agreement alone. {@code @Param subjects}: how many subjects the
 * consent view holds; the requests cycle through them, and one in ten is refused, so both paths
 * of the consent check are taken.
 *
 * <p>Defaults: 1 fork, 2 warm-up and 3 measured iterations of 3 s each in sample mode, about 15 s
 * per parameter set. Run (from the repository root, after
 * {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecisionBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecisionBenchmark {

    private static final String CONSUMER = "urn:sluis:participant:lab-3";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    /** The dataset's consent mode: {@code opt-in} or {@code none}. */
    @Param({"opt-in", "none"})
    public String consentMode;

    /** How many subjects the consent view knows. */
    @Param({"10000"})
    public int subjects;

    private final DecisionPoint point = DecisionPoint.standard();
    private CompiledAgreement agreement;
    private AccessRequest[] requests;
    private ConsentView consent;
    private int next;

    /**
     * A consent view backed by a map from subject hash to the purposes the subject permitted:
     * what the exchange's in-memory consent registry answers from, without its specificity rules.
     */
    static final class MapConsentView implements ConsentView {
        private final Map<String, Set<String>> permitted;

        MapConsentView(Map<String, Set<String>> permitted) {
            this.permitted = permitted;
        }

        @Override
        public boolean permits(String subjectHash, ConsentQuery query) {
            Set<String> purposes = permitted.get(subjectHash);
            if (purposes == null) {
                return query.mode() != ConsentMode.OPT_IN;
            }
            for (String p : query.purposes()) {
                if (purposes.contains(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Concludes and compiles the agreement, fills the consent view and builds the requests. */
    @Setup(Level.Trial)
    public void setUp() throws JsonProcessingException {
        Instantiated offer = Templates.find("health-secondary-use").orElseThrow().instantiate("urn:sluis:offer:o-1",
                "urn:sluis:participant:hospital", "urn:sluis:dataset:ds-icu", new ObjectMapper().readTree("""
                        {"purposes": ["scientific-research", "public-health"], "retentionDays": 365,
                         "pseudonymisedFields": ["bsn", "patientId"]}"""));
        Policy concluded = AgreementTerms.conclude(((Instantiated.Offer) offer).policy(),
                "urn:sluis:agreement:agr-1", CONSUMER, START, "scientific-research");
        ConsentMode mode = ConsentMode.fromWire(consentMode).orElseThrow();
        DatasetContext dataset = new DatasetContext("ds-icu", "health", mode,
                mode == ConsentMode.NONE ? Optional.empty() : Optional.of("patientId"),
                Set.of("bsn", "patientId", "age", "postcode", "diagnosis"));
        agreement = point.compile(new AgreementContext("agr-1", concluded, START, dataset));
        if (!agreement.problems().isEmpty()) {
            throw new IllegalStateException("expected the template agreement to compile, found " + agreement.problems());
        }
        Map<String, Set<String>> permitted = new HashMap<>();
        requests = new AccessRequest[subjects];
        for (int i = 0; i < subjects; i++) {
            String hash = String.format("subject-%08d-hmac-sha256-base64url-stand-in", i);
            permitted.put(hash, i % 10 == 0 ? Set.of("education") : Set.of("scientific-research"));
            requests[i] = new AccessRequest(CONSUMER, Set.of("university"), "use", "scientific-research",
                    START.plusSeconds(86_400L + i), Optional.of("NL-NH"), i, 0, Optional.of(hash));
        }
        consent = new MapConsentView(permitted);
        Decision first = point.decide(agreement, requests[1 % subjects], consent);
        if (!first.permitted()) {
            throw new IllegalStateException("expected a permit for the benchmark request, found " + first.toJson());
        }
    }

    /** Decides one access, the next request in the cycle. */
    @Benchmark
    public Decision decide() {
        int i = next;
        next = i + 1 == requests.length ? 0 : i + 1;
        return point.decide(agreement, requests[i], consent);
    }
}
