package org.sluis.benchmarks.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sluis.benchmarks.ledger.SampleEvents;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.core.ledger.EntryCodec;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.ledger.MerkleHash;

/**
 * RFC 8785 canonicalisation ({@link CanonicalJson#canonicalize(JsonNode)}) of the two documents
 * the exchange hashes most: a ledger entry as {@link EntryCodec} lays it out (432 bytes;
 * the ledger writer canonicalises one per append, inside the budget of 10,000 durable appends/s on
 * 2 cores in DESIGN.md), and a small ODRL agreement as the notary signs it (on the path of the
 * budget "contract request to signed agreement: p99 at most 50 ms").
 *
 * <p>Defaults: 1 fork, 3 warm-up and 5 measured iterations of 2 s each, about 40 s for both. Run
 * (from the repository root, after {@code mvn -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CanonicalJsonBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CanonicalJsonBenchmark {
    /** A small ODRL agreement: one permission with two constraints and a duty, a prohibition, a number. */
    static final String AGREEMENT = """
            {
              "@context": "http://www.w3.org/ns/odrl.jsonld",
              "@type": "Agreement",
              "uid": "urn:sluis:agreement:7d0c6f2e-4b1a-4c55-9a43-1f0e2b7c9d11",
              "profile": "https://sluis.example/odrl/profile/v1",
              "assigner": "hospital",
              "assignee": "lab-3",
              "target": "urn:sluis:dataset:ds-icu-vitals",
              "issued": "2026-11-23T09:15:27Z",
              "permission": [{
                "action": "use",
                "constraint": [
                  {"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"},
                  {"leftOperand": "dateTime", "operator": "lteq",
                   "rightOperand": {"@value": "2027-11-23T00:00:00Z", "@type": "xsd:dateTime"}}
                ],
                "duty": [{"action": "anonymize", "refinement": [
                  {"leftOperand": "field", "operator": "isAnyOf", "rightOperand": ["patientId", "name", "birthDate"]}
                ]}]
              }],
              "prohibition": [{"action": "distribute"}],
              "sluis:maxRecordsPerDay": 100000,
              "sluis:fee": 12.50
            }
            """;

    private JsonNode entry;
    private JsonNode agreement;

    /** Lays out the entry and parses the agreement; prints the canonical sizes. */
    @Setup(Level.Trial)
    public void documents() throws JsonProcessingException {
        LedgerEvent event = SampleEvents.accessDecided(3);
        entry = EntryCodec.entry(123_456, MerkleHash.emptyRoot(),
                new EntryCodec.Pending(event, "lab-3", "req-0f3a9c2e", Instant.parse("2026-11-23T09:15:27.123456Z")));
        agreement = new ObjectMapper().readTree(AGREEMENT);
        System.out.printf("%nentry: %d bytes canonical; agreement: %d bytes canonical%n",
                CanonicalJson.canonicalize(entry).length, CanonicalJson.canonicalize(agreement).length);
    }

    /** Canonicalises one ledger entry. */
    @Benchmark
    public byte[] ledgerEntry() {
        return CanonicalJson.canonicalize(entry);
    }

    /** Canonicalises one ODRL agreement. */
    @Benchmark
    public byte[] agreement() {
        return CanonicalJson.canonicalize(agreement);
    }
}
