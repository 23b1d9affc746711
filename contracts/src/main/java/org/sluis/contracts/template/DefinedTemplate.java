package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.PolicyValidator;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one implementation of {@link ContractTemplate}: metadata, parameters, a template-specific
 * check (formats and relations between parameters; it sees only the values that were valid on
 * their own, so all problems are still reported together) and the function that
 * builds the rules from valid values. The templates themselves are defined in
 * {@link HealthSecondaryUse}, {@link MobilityMaas}, {@link CorridorIndustrial} and {@link OpenResearch}.
 */
final class DefinedTemplate implements ContractTemplate {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+");
    private static final PolicyValidator VALIDATOR = new PolicyValidator();

    /**
     * The rules of an Offer, without its uid, parties and target.
     *
     * @param profile      the ODRL profile IRI, present when Sluis terms are used
     * @param conflict     the conflict strategy
     * @param permissions  the permissions
     * @param prohibitions the prohibitions
     */
    record Rules(Optional<String> profile, ConflictStrategy conflict, List<Rule.Permission> permissions,
                 List<Rule.Prohibition> prohibitions) {
        Rules {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(conflict, "conflict");
            permissions = List.copyOf(permissions);
            prohibitions = List.copyOf(prohibitions);
        }
    }

    private final String id;
    private final String version;
    private final String summary;
    private final Map<String, Parameter> parameters;
    private final BiConsumer<ParameterReader.Values, List<Problem>> crossCheck;
    private final Function<ParameterReader.Values, Rules> rules;

    DefinedTemplate(String id, String version, String summary, List<Parameter> parameters,
                    BiConsumer<ParameterReader.Values, List<Problem>> crossCheck,
                    Function<ParameterReader.Values, Rules> rules) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("expected a lowercase hyphenated template id, found '" + id + "'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("expected a version major.minor, found '" + version + "'");
        }
        if (summary.isBlank()) {
            throw new IllegalArgumentException("expected a summary for template '" + id + "', found none");
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("expected distinct parameter names in template '" + id
                        + "', found '" + p.name() + "' twice");
            }
        }
        this.id = id;
        this.version = version;
        this.summary = summary;
        this.parameters = Collections.unmodifiableMap(byName);
        this.crossCheck = Objects.requireNonNull(crossCheck, "crossCheck");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public Instantiated instantiate(String offerUid, String assigner, String target, JsonNode given) {
        requireIri(offerUid, "offerUid");
        requireIri(assigner, "assigner");
        requireIri(target, "target");
        List<Problem> problems = new ArrayList<>();
        ParameterReader.Values values = ParameterReader.read(parameters, given, problems);
        crossCheck.accept(values, problems);
        if (!problems.isEmpty()) {
            return new Instantiated.Rejected(problems);
        }
        Rules built = rules.apply(values);
        Policy offer = new Policy(PolicyType.OFFER, offerUid, built.profile(), Optional.empty(),
                Optional.of(assigner), Optional.empty(), Optional.of(target), built.conflict(), built.permissions(),
                built.prohibitions(), List.of());
        List<Problem> invalid = VALIDATOR.validate(offer);
        if (!invalid.isEmpty()) {
            // Valid parameters must give a valid Offer; anything else is a defect in the template.
            throw new IllegalStateException("expected template " + id + " v" + version
                    + " to build a valid ODRL Offer, found problems " + invalid);
        }
        return new Instantiated.Offer(offer);
    }

    @Override
    public ObjectNode describe() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode().put("id", id).put("version", version).put("summary", summary);
        ObjectNode params = out.putObject("parameters");
        for (Parameter p : parameters.values()) {
            ObjectNode one = params.putObject(p.name())
                    .put("kind", p.kind().name())
                    .put("required", p.required())
                    .put("description", p.description());
            if (!p.allowed().isEmpty()) {
                p.allowed().forEach(one.putArray("allowed")::add);
            }
            p.min().ifPresent(m -> one.put("min", m));
            p.max().ifPresent(m -> one.put("max", m));
            p.defaultValue().ifPresent(d -> one.set("default", d));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ContractTemplate[" + id + " v" + version + ", parameters=" + parameters.keySet() + "]";
    }

    /**
     * Creates a permission on the policy-level target.
     *
     * @param action      the permitted action
     * @param constraints its conditions
     * @param duties      its duties
     * @return the permission without own target, parties or uid
     */
    static Rule.Permission permission(Action action, List<Constraint> constraints, List<Rule.Duty> duties) {
        return new Rule.Permission(Optional.empty(), Optional.empty(), action, Optional.empty(), Optional.empty(),
                constraints, duties);
    }

    /**
     * Creates a prohibition on the policy-level target.
     *
     * @param action the prohibited action
     * @return the prohibition without constraints, remedies, own target, parties or uid
     */
    static Rule.Prohibition prohibition(Action action) {
        return new Rule.Prohibition(Optional.empty(), Optional.empty(), action, Optional.empty(), Optional.empty(),
                List.of(), List.of());
    }

    /**
     * Creates a duty.
     *
     * @param action      the required action
     * @param constraints when it must be done
     * @return the duty without consequences, target, parties or uid
     */
    static Rule.Duty duty(Action action, List<Constraint> constraints) {
        return new Rule.Duty(Optional.empty(), Optional.empty(), action, Optional.empty(), Optional.empty(),
                constraints, List.of());
    }

    /**
     * Turns strings into a list right operand of text literals.
     *
     * @param values at least one string
     * @return the list operand, in order
     */
    static RightOperand.ListOf texts(List<String> values) {
        return new RightOperand.ListOf(values.stream().<RightOperand.Scalar>map(RightOperand.Text::new).toList());
    }

    private static void requireIri(String value, String what) {
        Objects.requireNonNull(value, what);
        if (!ParameterReader.isIri(value)) {
            throw new IllegalArgumentException("expected " + what + " to be an absolute IRI, found '" + value + "'");
        }
    }
}
