package org.sluis.core.catalog;

import static org.sluis.core.json.JsonChecks.child;
import static org.sluis.core.json.JsonChecks.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.template.ContractTemplate;
import org.sluis.contracts.template.Instantiated;
import org.sluis.contracts.template.Parameter;
import org.sluis.contracts.template.Templates;
import org.sluis.core.json.JsonChecks;

/**
 * Reads the {@code offers} of a dataset: each is a contract template with parameters or raw ODRL
 * ({@link RawPolicyReader}), and either way becomes an ODRL Offer whose uid, assigner and target
 * are the exchange's IRIs. Template problems (pointers {@code /parameters/...}) and codec problems
 * are re-rooted under the offer, so every pointer is into the request body.
 */
final class OfferReader {

    private static final Set<String> MEMBERS = Set.of("id", "autoAccept", "template", "templateVersion", "parameters",
            "policy");

    private final Optional<String> datasetId;
    private final String providerId;

    /**
     * Creates a reader for one dataset's offers.
     *
     * @param datasetId  the dataset id if it is valid; without it no Offer is built, since its IRIs
     *                   would be wrong, but everything else is still checked
     * @param providerId the provider's participant id, a slug
     */
    OfferReader(Optional<String> datasetId, String providerId) {
        this.datasetId = datasetId;
        this.providerId = providerId;
    }

    /**
     * Reads the offers.
     *
     * @param offers   the {@code offers} member, or null if absent
     * @param at       its pointer
     * @param problems where problems are added
     * @return the offers that had no problem, in order
     */
    List<OfferSpec> read(JsonNode offers, String at, List<Problem> problems) {
        if (offers == null || !offers.isArray() || offers.isEmpty() || offers.size() > DatasetSpec.MAX_OFFERS) {
            problems.add(new Problem(at, "expected an array of 1 to " + DatasetSpec.MAX_OFFERS + " offers, found "
                    + describe(offers)));
            return List.of();
        }
        List<OfferSpec> read = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < offers.size(); i++) {
            offer(offers.get(i), child(at, i), seen, problems).ifPresent(read::add);
        }
        return read;
    }

    private Optional<OfferSpec> offer(JsonNode node, String at, Map<String, String> seen, List<Problem> problems) {
        if (!node.isObject()) {
            problems.add(new Problem(at, "expected an offer object, found " + describe(node)));
            return Optional.empty();
        }
        int before = problems.size();
        JsonChecks.onlyMembers(node, at, MEMBERS, "an offer", problems);
        Optional<String> id = JsonChecks.string(node, at, "id", true, Syntax.SLUG_RULE,
                JsonChecks.matching(Syntax.SLUG, Syntax.SLUG_RULE), problems);
        id.ifPresent(offerId -> {
            String first = seen.putIfAbsent(offerId, at);
            if (first != null) {
                problems.add(new Problem(child(at, "id"), "expected an offer id unique within the dataset, found '"
                        + offerId + "' already used at " + first));
            }
        });
        JsonNode autoAccept = node.get("autoAccept");
        if (autoAccept != null && !autoAccept.isBoolean()) {
            problems.add(new Problem(child(at, "autoAccept"), "expected true or false, found " + describe(autoAccept)));
        }
        boolean template = node.has("template");
        boolean raw = node.has("policy");
        Optional<RawPolicyReader.Names> names = id.flatMap(this::names);
        Optional<OfferSpec> offer = Optional.empty();
        if (template && raw) {
            problems.add(new Problem(child(at, "policy"), "expected either 'template' or 'policy', found both"));
        } else if (!template && !raw) {
            problems.add(new Problem(child(at, "template"), "expected either 'template' (with 'parameters') or"
                    + " 'policy' (raw ODRL), found neither"));
        } else if (template) {
            offer = fromTemplate(node, at, id, names, autoAccept, problems);
        } else {
            offer = fromPolicy(node, at, id, names, autoAccept, problems);
        }
        return problems.size() == before ? offer : Optional.empty();
    }

    private static Optional<OfferSpec> fromPolicy(JsonNode node, String at, Optional<String> id,
                                                  Optional<RawPolicyReader.Names> names, JsonNode autoAccept,
                                                  List<Problem> problems) {
        for (String member : List.of("templateVersion", "parameters")) {
            if (node.has(member)) {
                problems.add(new Problem(child(at, member), "expected '" + member + "' only with 'template',"
                        + " found it with 'policy'"));
            }
        }
        JsonNode given = node.get("policy");
        if (!given.isObject()) {
            problems.add(new Problem(child(at, "policy"), "expected an ODRL policy object, found " + describe(given)));
            return Optional.empty();
        }
        return names.flatMap(n -> RawPolicyReader.read((ObjectNode) given, child(at, "policy"), n, problems))
                .map(p -> new OfferSpec(id.orElseThrow(), Optional.empty(), Optional.empty(), null, p,
                        autoAccept != null && autoAccept.asBoolean()));
    }

    private static Optional<OfferSpec> fromTemplate(JsonNode node, String at, Optional<String> id,
                                             Optional<RawPolicyReader.Names> names, JsonNode autoAccept,
                                             List<Problem> problems) {
        List<String> known = Templates.all().stream().map(ContractTemplate::id).toList();
        Optional<String> name = JsonChecks.string(node, at, "template", true, "a template id, one of " + known,
                JsonChecks.oneOf(known), problems);
        Optional<ContractTemplate> template = name.flatMap(Templates::find);
        Optional<String> version = JsonChecks.string(node, at, "templateVersion", false, "a template version",
                JsonChecks::any, problems);
        if (template.isPresent() && version.isPresent() && !version.get().equals(template.get().version())) {
            problems.add(new Problem(child(at, "templateVersion"), "expected version " + template.get().version()
                    + " of template '" + template.get().id() + "' (the only version the exchange has), found "
                    + JsonChecks.quote(version.get())));
        }
        JsonNode given = node.has("parameters") ? node.get("parameters") : JsonNodeFactory.instance.objectNode();
        if (template.isEmpty() || names.isEmpty()) {
            return Optional.empty();
        }
        Instantiated made = template.get().instantiate(names.get().offer(), names.get().provider(),
                names.get().dataset(), expandParticipants(template.get(), given));
        if (made instanceof Instantiated.Rejected rejected) {
            rejected.problems().forEach(p -> problems.add(new Problem(at + p.pointer(), p.message())));
            return Optional.empty();
        }
        Policy policy = ((Instantiated.Offer) made).policy();
        return Optional.of(new OfferSpec(id.orElseThrow(), Optional.of(template.get().id()),
                Optional.of(template.get().version()), given, policy, autoAccept != null && autoAccept.asBoolean()));
    }

    /**
     * Stewards name participants by id ({@code "ai-lab"}); ODRL needs the IRI. A value that is
     * already an IRI (it has a ':', which no id has) is left for the template to check. Parameter
     * kinds have no participant list, so only single values are expanded.
     */
    private static JsonNode expandParticipants(ContractTemplate template, JsonNode given) {
        if (!given.isObject()) {
            return given;
        }
        ObjectNode copy = given.deepCopy();
        for (Parameter p : template.parameters().values()) {
            JsonNode value = copy.get(p.name());
            if (p.kind() == Parameter.Kind.PARTICIPANT && value != null && value.isTextual()
                    && Syntax.isSlug(value.asText())) {
                copy.set(p.name(), TextNode.valueOf(Iris.participant(value.asText())));
            }
        }
        return copy;
    }

    private Optional<RawPolicyReader.Names> names(String offerId) {
        if (!Syntax.isSlug(offerId)) {
            return Optional.empty();
        }
        return datasetId.map(d -> new RawPolicyReader.Names(Iris.offer(d, offerId), Iris.participant(providerId),
                Iris.dataset(d)));
    }
}
