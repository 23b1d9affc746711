package org.sluis.core.demo;

import static org.sluis.core.demo.Story.count;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The corridor part: the equipment maker publishes tool traces from a file; the AI lab, the one
 * named recipient, uses them for predictive maintenance under a {@code corridor-industrial}
 * contract; the university lab cannot get that offer but trains models on a benchmark offer
 * without the customer's recipes and lots and with pseudonymised tools; then the maker terminates
 * the AI lab's agreement and the next pull is refused.
 */
final class IndustryScenario {
    /** Where the traces lie, relative to the exchange's {@code files.root}. */
    static final String FILE = "kempen-litho/tool-traces.ndjson";
    /** The AI lab's purpose. */
    static final String MAINTENANCE = "predictive-maintenance";
    /** The benchmark's purpose. */
    static final String TRAINING = "ai-training";

    /**
     * What happened.
     *
     * @param maintenanceAgreement the AI lab's agreement, terminated at the end
     * @param benchmarkAgreement   the university lab's agreement
     */
    record Outcome(String maintenanceAgreement, String benchmarkAgreement) {
    }

    private final Map<String, DemoClient> cast;
    private final IndustryData data;
    private final Path filesRoot;
    private final Story story;
    private final LocalDate today;

    IndustryScenario(Map<String, DemoClient> cast, IndustryData data, Path filesRoot, Story story, LocalDate today) {
        this.cast = cast;
        this.data = data;
        this.filesRoot = filesRoot;
        this.story = story;
        this.today = today;
    }

    /** Writes the file under {@code files.root}, as the maker's upload would, and publishes it. */
    void publish() {
        try {
            Path file = filesRoot.resolve(FILE);
            Files.createDirectories(file.getParent());
            Files.write(file, data.ndjson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tool traces under " + filesRoot, e);
        }
        Moves.publish(cast.get(DemoCast.KEMPEN), """
                {"id": "tool-traces", "title": "Etch tool sensor traces, Fab 3", "domain": "industry",
                 "fields": [{"name": "timestamp", "type": "dateTime", "sensitivity": "public"},
                            {"name": "tool", "type": "string", "sensitivity": "quasi-identifier"},
                            {"name": "chamber", "type": "string", "sensitivity": "public"},
                            {"name": "recipe", "type": "string", "sensitivity": "sensitive"},
                            {"name": "lot", "type": "string", "sensitivity": "sensitive"},
                            {"name": "wafer", "type": "integer", "sensitivity": "public"},
                            {"name": "step", "type": "integer", "sensitivity": "public"},
                            {"name": "sensor", "type": "string", "sensitivity": "public"},
                            {"name": "value", "type": "number", "sensitivity": "public"},
                            {"name": "unit", "type": "string", "sensitivity": "public"}],
                 "source": {"type": "file", "path": "%s", "format": "ndjson"},
                 "offers": [{"id": "maintenance", "template": "corridor-industrial", "autoAccept": true, "parameters":
                               {"recipient": "urn:sluis:participant:ai-lab", "purpose": "predictive-maintenance", "endDate": "%s"}},
                            {"id": "benchmark", "autoAccept": true, "policy": {
                               "@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "profile": "https://sluis.example/odrl/profile/v1",
                               "permission": [{"action": "use",
                                 "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "ai-training"}],
                                 "duty": [{"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/drop"}, "refinement": [
                                            {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf", "rightOperand": ["recipe", "lot"]}]}]},
                                          {"action": [{"rdf:value": {"@id": "https://sluis.example/odrl/pseudonymise"}, "refinement": [
                                            {"leftOperand": "https://sluis.example/odrl/field", "operator": "isAllOf", "rightOperand": ["tool"]}]}]}]}],
                               "prohibition": [{"action": "commercialize"}]}}]}
                """.formatted(FILE, today.plusYears(1)));
        story.event(DemoCast.KEMPEN, "published tool-traces (" + count(data.samples().size()) + " sensor samples of "
                + IndustryData.LOTS + " lots) from the file " + FILE + " under the exchange's files.root");
    }

    /** The AI lab, the university lab and a termination. */
    Outcome play() {
        DemoClient ai = cast.get(DemoCast.AI_LAB);
        DemoClient lab = cast.get(DemoCast.UNI_LAB);
        DemoClient kempen = cast.get(DemoCast.KEMPEN);

        String maintenance = Moves.negotiate(ai, "tool-traces", "maintenance", MAINTENANCE).get("agreementId").asText();
        DemoClient.Response traces = Moves.pull(ai, maintenance, MAINTENANCE, "");
        traces.expect(200, "pulling tool-traces");
        List<JsonNode> samples = Moves.ndjson(traces.body());
        String[] tool = IndustryData.DRIFTING.split("/");
        double first = pressure(samples, tool, 0, 5);
        double last = pressure(samples, tool, IndustryData.LOTS - 5, IndustryData.LOTS);
        story.event(DemoCast.AI_LAB, String.format(Locale.ROOT, "agreed on tool-traces/maintenance (corridor-industrial, named recipient)"
                + " as %s and pulled %s samples: chamber pressure of %s rose from %.2f to %.2f mTorr over the lots",
                maintenance, count(samples.size()), IndustryData.DRIFTING, first, last));

        DemoClient.Response refused = lab.post("/v1/negotiations",
                "{\"datasetId\": \"tool-traces\", \"offerId\": \"maintenance\", \"purpose\": \"" + MAINTENANCE + "\"}");
        story.event(DemoCast.UNI_LAB, "asked for tool-traces/maintenance: refused " + Moves.refusal(refused));

        String benchmark = Moves.negotiate(lab, "tool-traces", "benchmark", TRAINING).get("agreementId").asText();
        DemoClient.Response bench = Moves.pull(lab, benchmark, TRAINING, "");
        bench.expect(200, "pulling the benchmark");
        List<JsonNode> rows = Moves.ndjson(bench.body());
        Set<String> fields = new TreeSet<>();
        Set<String> tools = new TreeSet<>();
        rows.forEach(r -> {
            r.fieldNames().forEachRemaining(fields::add);
            tools.add(r.get("tool").asText());
        });
        story.event(DemoCast.UNI_LAB, "agreed on tool-traces/benchmark as " + benchmark + " and pulled " + count(rows.size())
                + " samples with fields " + fields + ": recipe and lot dropped, the " + tools.size() + " tools pseudonymised (e.g. "
                + Moves.shortly(tools.iterator().next()) + ")");

        kempen.post("/v1/agreements/" + maintenance + "/terminate", "{\"reason\": \"maintenance project closed early\"}")
                .expect(200, "terminating " + maintenance);
        story.event(DemoCast.KEMPEN, "terminated agreement " + maintenance + ": maintenance project closed early");
        DemoClient.Response after = Moves.pull(ai, maintenance, MAINTENANCE, "");
        story.event(DemoCast.AI_LAB, "pulled tool-traces again: refused " + Moves.refusal(after));
        return new Outcome(maintenance, benchmark);
    }

    /** Mean chamber pressure of one chamber over lots {@code from} (inclusive) to {@code to}, in processing order. */
    private static double pressure(List<JsonNode> samples, String[] chamber, int from, int to) {
        List<String> lots = samples.stream().map(s -> s.get("lot").asText()).distinct().toList();
        Set<String> wanted = new TreeSet<>(lots.subList(from, Math.min(to, lots.size())));
        return samples.stream().filter(s -> s.get("tool").asText().equals(chamber[0]) && s.get("chamber").asText().equals(chamber[1])
                        && s.get("sensor").asText().equals("chamber_pressure") && wanted.contains(s.get("lot").asText()))
                .mapToDouble(s -> s.get("value").asDouble()).average().orElse(Double.NaN);
    }
}
