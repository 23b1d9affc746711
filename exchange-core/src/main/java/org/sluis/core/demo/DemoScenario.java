package org.sluis.core.demo;

import static org.sluis.core.demo.Story.count;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.ledger.LedgerVerifier;
import org.sluis.core.ledger.NoteVerifier;

/**
 * The whole demo against a running exchange: generate the data (fixed seed), set up the
 * participants' own upstreams (the hospital's HTTP endpoint, the mobility provider's PostgreSQL
 * database, the equipment maker's file), register the participants, publish, and play the health,
 * mobility and corridor parts through the HTTP API, then let the audit office export the ledger
 * and verify it against a signed checkpoint. The hospital's endpoint and the public health
 * service's inbox keep running until {@link #close()}, so the exchange can still reach them.
 */
public final class DemoScenario implements AutoCloseable {
    /** The seed of all the demo's data. */
    public static final long SEED = 20_260_101L;

    /**
     * What happened, with the ids tests and the printed hints refer to.
     *
     * @param cast         a client per participant id
     * @param health       the health part
     * @param mobility     the mobility part
     * @param industry     the corridor part
     * @param audit        the audit office's files and result
     */
    public record Outcome(Map<String, DemoClient> cast, HealthScenario.Outcome health, MobilityScenario.Outcome mobility,
                          IndustryScenario.Outcome industry, Audit audit) {
        /** The university lab's research agreement on vital signs, for the printed examples. */
        public String researchAgreement() {
            return health.researchAgreement();
        }
    }

    /**
     * The audit office's verification.
     *
     * @param export       the ledger export it verified
     * @param checkpoint   the signed checkpoint it verified against
     * @param verifierKey  the file holding the exchange's ledger verifier key
     * @param treeSize     the checkpoint's tree size
     * @param ok           whether the ledger verified
     * @param message      the verifier's words
     */
    public record Audit(Path export, Path checkpoint, Path verifierKey, long treeSize, boolean ok, String message) {
    }

    private final URI base;
    private final DemoClient operator;
    private final Path demoDir;
    private final Path filesRoot;
    private final DataSource exchangeDb;
    private final Story story;
    private DemoEndpoints endpoints;

    /**
     * A demo against the exchange at {@code base}.
     *
     * @param base       the exchange's base URL
     * @param operator   the operator's credentials (the exchange wrote them on first start)
     * @param demoDir    where participants' credentials ({@code creds/}) and the audit files ({@code audit/}) go
     * @param filesRoot  the exchange's {@code files.root}
     * @param exchangeDb the exchange's database, beside which the mobility provider's database is made
     * @param story      where the story is told
     */
    public DemoScenario(URI base, ClientCredentials operator, Path demoDir, Path filesRoot, DataSource exchangeDb, Story story) {
        this.base = base;
        this.operator = new DemoClient(base, operator);
        this.demoDir = demoDir;
        this.filesRoot = filesRoot;
        this.exchangeDb = exchangeDb;
        this.story = story;
    }

    /** Plays the whole demo; fails with the exchange's answer at the first step that goes otherwise than planned. */
    public Outcome run() throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        story.part("Setting the stage (seed " + SEED + ")");
        HealthData health = HealthData.generate(HealthData.PATIENTS, SEED);
        MobilityData mobility = MobilityData.generate(MobilityData.VEHICLES, MobilityData.TRIPS, SEED);
        IndustryData industry = IndustryData.generate(IndustryData.LOTS, SEED);
        String upstreamSecret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        endpoints = DemoEndpoints.start(health, upstreamSecret);
        story.event(DemoCast.HOSPITAL, "serves its FHIR export at " + endpoints.base() + "/fhir/ (" + count(health.patients().size())
                + " patients, " + count(health.observations().size()) + " observations)");
        MobilityDatabase.Source database = MobilityDatabase.create(exchangeDb, mobility);
        story.event(DemoCast.ZOEF, "keeps " + count(mobility.vehicles().size()) + " vehicles and " + count(mobility.trips().size())
                + " trips in its PostgreSQL database " + database.url());
        URI inbox = endpoints.base().resolve(DemoEndpoints.INBOX);
        write(demoDir.resolve("inbox.url"), inbox + "\n");
        story.event(DemoCast.GGD, "receives pushes at " + inbox + " (also in " + demoDir.resolve("inbox.url") + ")");

        story.part("Participants");
        Map<String, DemoClient> cast = DemoCast.register(operator, base, demoDir.resolve("creds"), story);

        story.part("Catalog");
        JsonNode templates = cast.get(DemoCast.HOSPITAL).get("/v1/templates").expect(200, "listing templates");
        List<String> names = new java.util.ArrayList<>();
        templates.forEach(t -> names.add(t.get("id").asText()));
        story.event(DemoCast.HOSPITAL, "read the standard contract templates: " + String.join(", ", names));
        HealthScenario healthPart = new HealthScenario(cast, health, endpoints, upstreamSecret, story);
        MobilityScenario mobilityPart = new MobilityScenario(cast, mobility, database, story, today);
        IndustryScenario industryPart = new IndustryScenario(cast, industry, filesRoot, story, today);
        healthPart.publish();
        mobilityPart.publish();
        industryPart.publish();

        story.part("Health: hospital, university lab, public health service");
        HealthScenario.Outcome h = healthPart.play();
        story.part("Mobility: shared mobility, MaaS operator, mobility lab");
        MobilityScenario.Outcome m = mobilityPart.play();
        story.part("Corridor industry: equipment maker, AI lab, university lab");
        IndustryScenario.Outcome i = industryPart.play();
        story.part("Audit");
        Audit audit = audit(cast.get(DemoCast.AUDIT));
        return new Outcome(cast, h, m, i, audit);
    }

    /** The operator signs a checkpoint; the audit office exports up to it and verifies offline. */
    private Audit audit(DemoClient auditor) {
        operator.post("/v1/ledger/checkpoint", null).expect(200, "signing a checkpoint");
        String note = auditor.get("/v1/ledger/checkpoint").text();
        long size = Long.parseLong(note.split("\n")[1]);
        String key = auditor.get("/.well-known/sluis-configuration").expect(200, "reading the configuration")
                .get("ledgerVerifierKey").asText();
        DemoClient.Response export = auditor.get("/v1/ledger/export?to=" + size);
        export.expect(200, "exporting the ledger");
        Path dir = demoDir.resolve("audit");
        Path exportFile = dir.resolve("export.ndjson");
        Path checkpointFile = dir.resolve("checkpoint");
        Path keyFile = dir.resolve("verifier.key");
        try {
            Files.createDirectories(dir);
            Files.write(exportFile, export.body());
            Files.writeString(checkpointFile, note, StandardCharsets.UTF_8);
            Files.writeString(keyFile, key + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit files to " + dir, e);
        }
        Map<String, Long> kinds = new TreeMap<>();
        Moves.ndjson(export.body()).forEach(e -> kinds.merge(e.get("entry").get("kind").asText(), 1L, Long::sum));
        story.event(DemoCast.AUDIT, "exported " + count(size) + " ledger entries up to checkpoint " + size + " signed by "
                + key.substring(0, key.indexOf('+')));
        story.event(DemoCast.AUDIT, "entries by kind: " + kinds.entrySet().stream().map(e -> e.getKey() + " " + count(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("none"));
        LedgerVerifier.Report report;
        try (BufferedReader in = Files.newBufferedReader(exportFile, StandardCharsets.UTF_8)) {
            report = LedgerVerifier.verify(in, List.of(note), List.of(NoteVerifier.parse(key)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + exportFile, e);
        }
        story.event(DemoCast.AUDIT, "verified offline (what `sluis ledger verify` runs): " + (report.ok() ? "OK, " : "FAILED, ")
                + report.message());
        return new Audit(exportFile, checkpointFile, keyFile, size, report.ok(), report.message());
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Stops the hospital's endpoint and the public health service's inbox. */
    @Override
    public void close() {
        if (endpoints != null) {
            endpoints.close();
        }
    }
}
