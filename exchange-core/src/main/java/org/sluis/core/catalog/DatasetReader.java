package org.sluis.core.catalog;

import static org.sluis.core.json.JsonChecks.child;
import static org.sluis.core.json.JsonChecks.describe;
import static org.sluis.core.json.JsonChecks.string;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.json.JsonChecks;
import org.sluis.policy.consent.ConsentMode;

/**
 * Reads the body of {@code POST /v1/datasets} (and {@code PUT /v1/datasets/{id}}) into a
 * {@link DatasetSpec}. It never stops at the first problem: every one is reported with the RFC 6901
 * pointer of the offending value in the body (for a missing member, where it should have been),
 * so a steward can fix a description in one round. Unknown members are problems everywhere, since
 * a misspelt optional member would otherwise be dropped without notice. The source is read by
 * {@link SourceReader}, the offers by {@link OfferReader}. Instances are stateless and thread-safe.
 */
public final class DatasetReader {

    private static final Set<String> MEMBERS = Set.of("id", "title", "description", "domain", "fields", "source",
            "consent", "offers");
    private static final Set<String> FIELD_MEMBERS = Set.of("name", "type", "sensitivity");
    private static final Set<String> CONSENT_MEMBERS = Set.of("mode", "subjectField");
    private static final List<String> SENSITIVITIES = Stream.of(Sensitivity.values()).map(Sensitivity::wire).toList();
    private static final List<String> CONSENT_MODES = Stream.of(ConsentMode.values()).map(ConsentMode::wire).toList();

    /** The outcome of reading a dataset description. */
    public sealed interface Read permits Read.Valid, Read.Invalid {

        /**
         * The description is valid.
         *
         * @param spec the dataset
         */
        record Valid(DatasetSpec spec) implements Read {
            /** Checks the dataset is present. */
            public Valid {
                Objects.requireNonNull(spec, "spec");
            }
        }

        /**
         * The description was refused.
         *
         * @param problems every problem, at least one, each with its pointer into the request body
         */
        record Invalid(List<Problem> problems) implements Read {
            /** Checks there is at least one problem and copies the list. */
            public Invalid {
                problems = List.copyOf(problems);
                if (problems.isEmpty()) {
                    throw new IllegalArgumentException("expected at least one problem, found none");
                }
            }
        }
    }

    /** Creates a reader. */
    public DatasetReader() {
        // stateless
    }

    /**
     * Reads a dataset description.
     *
     * @param body       the request body; anything, including a non-object
     * @param providerId the authenticated provider's participant id, which becomes the Offers' assigner
     * @param pathId     the id in the path for {@code PUT /v1/datasets/{id}}: the body's {@code id}
     *                   may then be absent, and must otherwise equal it; empty for {@code POST}
     * @return the dataset, or every problem found
     * @throws IllegalArgumentException if {@code providerId} is not a participant id (a slug): it
     *                                  comes from the exchange, not the request
     */
    public Read read(JsonNode body, String providerId, Optional<String> pathId) {
        Objects.requireNonNull(pathId, "pathId");
        Iris.participant(providerId); // the precondition, checked with the rule that will use it
        List<Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add(new Problem("", "expected a JSON object describing a dataset, found " + describe(body)));
            return new Read.Invalid(problems);
        }
        JsonChecks.onlyMembers(body, "", MEMBERS, "a dataset", problems);
        Optional<String> id = id(body, pathId, problems);
        Optional<String> title = string(body, "", "title", true, "a title", Syntax::title, problems);
        String description = body.has("description")
                ? string(body, "", "description", false, "a description", Syntax::description, problems).orElse("")
                : "";
        Optional<String> domain = string(body, "", "domain", true, "a domain such as 'health'",
                JsonChecks.matching(Syntax.DOMAIN, "a domain of 2 to 32 lowercase letters, digits and hyphens"
                        + " starting with a letter, such as 'health'"), problems);
        Set<String> named = new HashSet<>();
        List<FieldSpec> fields = fields(body.get("fields"), named, problems);
        Optional<DataSource> source = SourceReader.read(body.get("source"), "/source", problems);
        Consent consent = consent(body.get("consent"), named, problems);
        List<OfferSpec> offers = new OfferReader(id, providerId).read(body.get("offers"), "/offers", problems);
        if (!problems.isEmpty()) {
            return new Read.Invalid(problems);
        }
        return new Read.Valid(new DatasetSpec(id.orElseThrow(), title.orElseThrow(), description, domain.orElseThrow(),
                fields, source.orElseThrow(), consent.mode(), consent.subjectField(), offers));
    }

    /**
     * Reads a source as {@link DataSource#toJson()} stored it.
     *
     * @param stored the stored JSON
     * @return the source
     * @throws IllegalArgumentException if it is not a valid source, with every problem; stored data
     *                                  the exchange wrote itself should never be
     */
    public static DataSource source(JsonNode stored) {
        List<Problem> problems = new ArrayList<>();
        Optional<DataSource> source = SourceReader.read(stored, "", problems);
        if (source.isEmpty()) {
            throw new IllegalArgumentException("expected a valid stored source, found problems " + problems);
        }
        return source.get();
    }

    private static Optional<String> id(JsonNode body, Optional<String> pathId, List<Problem> problems) {
        if (pathId.isPresent() && !Syntax.isSlug(pathId.get())) {
            problems.add(new Problem("/id", "expected the dataset id in the path to be " + Syntax.SLUG_RULE
                    + ", found " + JsonChecks.quote(pathId.get())));
            return Optional.empty();
        }
        if (pathId.isPresent() && !body.has("id")) {
            return pathId;
        }
        Optional<String> id = string(body, "", "id", true, Syntax.SLUG_RULE,
                JsonChecks.matching(Syntax.SLUG, Syntax.SLUG_RULE), problems);
        if (id.isPresent() && pathId.isPresent() && !id.equals(pathId)) {
            problems.add(new Problem("/id", "expected the id in the path, '" + pathId.get() + "', or none, found '"
                    + id.get() + "'"));
            return Optional.empty();
        }
        return id;
    }

    /** Reads the fields; {@code named} receives every name given as a string, valid or not, for the consent check. */
    private static List<FieldSpec> fields(JsonNode fields, Set<String> named, List<Problem> problems) {
        if (fields == null || !fields.isArray() || fields.isEmpty() || fields.size() > DatasetSpec.MAX_FIELDS) {
            problems.add(new Problem("/fields", "expected an array of 1 to " + DatasetSpec.MAX_FIELDS + " fields,"
                    + " found " + describe(fields)));
            return List.of();
        }
        List<FieldSpec> read = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            JsonNode field = fields.get(i);
            String at = child("/fields", i);
            if (!field.isObject()) {
                problems.add(new Problem(at, "expected a field object {\"name\", \"type\", \"sensitivity\"}, found "
                        + describe(field)));
                continue;
            }
            int before = problems.size();
            JsonChecks.onlyMembers(field, at, FIELD_MEMBERS, "a field", problems);
            Optional<String> name = string(field, at, "name", true, "a field name", JsonChecks.matching(
                    Syntax.FIELD_NAME, "a field name of 1 to 64 letters, digits, '_', '.' or '-' starting with a"
                            + " letter or '_'"), problems);
            if (field.path("name").isTextual()) {
                named.add(field.get("name").asText());
            }
            name.ifPresent(n -> {
                String first = seen.putIfAbsent(n, at);
                if (first != null) {
                    problems.add(new Problem(child(at, "name"), "expected field names to be unique, found '" + n
                            + "' already declared at " + first));
                }
            });
            Optional<String> type = string(field, at, "type", true, "a field type, one of " + FieldSpec.TYPES,
                    JsonChecks.oneOf(FieldSpec.TYPES), problems);
            Optional<Sensitivity> sensitivity = string(field, at, "sensitivity", true, "a sensitivity, one of "
                    + SENSITIVITIES, JsonChecks.oneOf(SENSITIVITIES), problems).flatMap(Sensitivity::fromWire);
            if (problems.size() == before) {
                read.add(new FieldSpec(name.orElseThrow(), type.orElseThrow(), sensitivity.orElseThrow()));
            }
        }
        return read;
    }

    private record Consent(ConsentMode mode, Optional<String> subjectField) {
    }

    private static Consent consent(JsonNode consent, Set<String> named, List<Problem> problems) {
        Consent none = new Consent(ConsentMode.NONE, Optional.empty());
        if (consent == null) {
            return none;
        }
        if (!consent.isObject()) {
            problems.add(new Problem("/consent", "expected an object {\"mode\", \"subjectField\"}, found "
                    + describe(consent)));
            return none;
        }
        JsonChecks.onlyMembers(consent, "/consent", CONSENT_MEMBERS, "consent", problems);
        Optional<ConsentMode> mode = string(consent, "/consent", "mode", true, "a consent mode, one of "
                + CONSENT_MODES, JsonChecks.oneOf(CONSENT_MODES), problems).flatMap(ConsentMode::fromWire);
        boolean needed = mode.isPresent() && mode.get() != ConsentMode.NONE;
        Optional<String> subject = string(consent, "/consent", "subjectField", needed,
                "the field that names each record's data subject", JsonChecks::any, problems);
        String declared = named.size() <= 20 ? " " + named.stream().sorted().toList() : "";
        subject.filter(s -> !named.contains(s)).ifPresent(s -> problems.add(new Problem("/consent/subjectField",
                "expected the name of a declared field" + declared + ", found " + JsonChecks.quote(s))));
        return new Consent(mode.orElse(ConsentMode.NONE), subject);
    }
}
