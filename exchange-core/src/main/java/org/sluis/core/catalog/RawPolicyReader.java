package org.sluis.core.catalog;

import static org.sluis.core.json.JsonChecks.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.Rule;
import org.sluis.core.json.JsonChecks;

/**
 * Reads an offer given as raw ODRL and binds it to the exchange's names: the Offer's uid is the
 * offer IRI, its assigner the provider and its target the dataset ({@link Iris}). Members the
 * provider left out are filled in; members given with another value are problems, since a
 * provider must not offer someone else's asset or offer in someone else's name. For the same
 * reason every rule-level target must be the dataset and every rule-level assigner the provider.
 *
 * <p>The binding is checked on the JSON, so each problem has the pointer of the member as the
 * provider wrote it (compact {@code target}, {@code odrl:target} or the full ODRL IRI, a string,
 * {@code {"@id": ...}} or a one-element array). The ODRL codec then reads the bound copy; a
 * binding problem at a value the codec already refused is not repeated. As a last guard the
 * model read is checked again, so a form the JSON walk does not know cannot slip through.
 */
final class RawPolicyReader {

    private static final OdrlCodec CODEC = new OdrlCodec();
    private static final String ODRL_NS = "http://www.w3.org/ns/odrl/2/";
    private static final Set<String> RULE_LISTS = Set.of("permission", "prohibition", "obligation");
    private static final Set<String> NESTED_DUTIES = Set.of("duty", "remedy", "consequence");

    /**
     * The exchange's names an offer's ODRL must use.
     *
     * @param offer    the Offer's uid, {@link Iris#offer(String, String)}
     * @param provider the assigner, {@link Iris#participant(String)}
     * @param dataset  the target, {@link Iris#dataset(String)}
     */
    record Names(String offer, String provider, String dataset) {
    }

    private RawPolicyReader() {
    }

    /**
     * Reads and binds the policy.
     *
     * @param given    the {@code policy} member, an object
     * @param at       its pointer, e.g. {@code /offers/0/policy}
     * @param names    the IRIs to bind to
     * @param problems where problems are added, under {@code at}
     * @return the Offer, if there was no problem
     */
    static Optional<Policy> read(ObjectNode given, String at, Names names, List<Problem> problems) {
        ObjectNode copy = given.deepCopy();
        List<Problem> binding = new ArrayList<>();
        bind(copy, at, "uid", names.offer(), "the offer IRI", binding);
        bind(copy, at, "assigner", names.provider(), "the provider's IRI", binding);
        bind(copy, at, "target", names.dataset(), "the dataset IRI", binding);
        type(copy, at, binding);
        copy.properties().forEach(member -> {
            if (RULE_LISTS.contains(term(member.getKey()))) {
                for (Map.Entry<String, JsonNode> rule : items(member.getValue(), child(at, member.getKey()))) {
                    rule(rule.getValue(), rule.getKey(), names, binding);
                }
            }
        });

        PolicyRead read = CODEC.read(copy);
        List<Problem> found = new ArrayList<>();
        if (read instanceof PolicyRead.Invalid invalid) {
            invalid.problems().forEach(p -> found.add(new Problem(at + p.pointer(), p.message())));
        }
        for (Problem b : binding) {
            boolean repeated = found.stream().anyMatch(p -> p.pointer().equals(b.pointer())
                    || p.pointer().startsWith(b.pointer() + "/"));
            if (!repeated) {
                found.add(b);
            }
        }
        if (found.isEmpty() && read instanceof PolicyRead.Valid valid && !bound(valid.policy(), names)) {
            found.add(new Problem(at, "expected an Offer with uid " + names.offer() + ", assigner " + names.provider()
                    + " and target " + names.dataset() + " on the policy and every rule that names one, found"
                    + " another"));
        }
        problems.addAll(found);
        return found.isEmpty() && read instanceof PolicyRead.Valid valid ? Optional.of(valid.policy())
                : Optional.empty();
    }

    /** Fills in a policy-level member the provider left out, or checks every form of it that was given. */
    private static void bind(ObjectNode policy, String at, String term, String expected, String what,
                             List<Problem> binding) {
        List<String> given = new ArrayList<>();
        policy.fieldNames().forEachRemaining(name -> {
            if (term.equals(term(name)) || ("uid".equals(term) && "@id".equals(name))) {
                given.add(name);
            }
        });
        if (given.isEmpty()) {
            policy.put(term, expected);
        }
        for (String name : given) {
            check(policy.get(name), child(at, name), expected, what, binding);
        }
    }

    private static void check(JsonNode value, String at, String expected, String what, List<Problem> binding) {
        iri(value).filter(iri -> !iri.equals(expected)).ifPresent(iri -> binding.add(new Problem(at,
                "expected " + what + " '" + expected + "', found " + JsonChecks.quote(iri))));
    }

    /** Only an Offer can be listed and negotiated; a Set grants nothing and Agreements come from negotiation. */
    private static void type(ObjectNode policy, String at, List<Problem> binding) {
        JsonNode type = single(policy.get("@type"));
        if (type != null && type.isObject() && type.has("@id")) {
            type = type.get("@id");
        }
        if (type != null && type.isTextual()) {
            String found = term(type.asText());
            if (found.equals(PolicyType.SET.term()) || found.equals(PolicyType.AGREEMENT.term())) {
                binding.add(new Problem(child(at, "@type"), "expected '@type' Offer (a dataset offer is what consumers"
                        + " negotiate from), found " + JsonChecks.quote(type.asText())));
            }
        }
    }

    private static void rule(JsonNode rule, String at, Names names, List<Problem> binding) {
        if (!rule.isObject()) {
            return; // the codec reports it
        }
        rule.properties().forEach(member -> {
            String term = term(member.getKey());
            String memberAt = child(at, member.getKey());
            if (term.equals("target")) {
                check(member.getValue(), memberAt, names.dataset(), "the dataset IRI", binding);
            } else if (term.equals("assigner")) {
                check(member.getValue(), memberAt, names.provider(), "the provider's IRI", binding);
            } else if (NESTED_DUTIES.contains(term)) {
                for (Map.Entry<String, JsonNode> duty : items(member.getValue(), memberAt)) {
                    rule(duty.getValue(), duty.getKey(), names, binding);
                }
            }
        });
    }

    /** The ODRL term a member name stands for; keywords and foreign IRIs are returned as they are. */
    private static String term(String name) {
        if (name.startsWith(ODRL_NS)) {
            return name.substring(ODRL_NS.length());
        }
        return name.startsWith("odrl:") ? name.substring("odrl:".length()) : name;
    }

    /** The items of a JSON-LD multi-value: an array, {@code {"@list": [...]}} or one value; by pointer. */
    private static List<Map.Entry<String, JsonNode>> items(JsonNode value, String at) {
        JsonNode node = value;
        String pointer = at;
        if (node.isObject() && node.size() == 1 && node.has("@list")) {
            node = node.get("@list");
            pointer = child(at, "@list");
        }
        if (!node.isArray()) {
            return List.of(Map.entry(pointer, node));
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(Map.entry(child(pointer, i), node.get(i)));
        }
        return out;
    }

    private static JsonNode single(JsonNode value) {
        return value != null && value.isArray() && value.size() == 1 ? value.get(0) : value;
    }

    /** A reference's IRI as the codec reads it: a string or {@code {"@id": ...}}, maybe in a one-element array. */
    private static Optional<String> iri(JsonNode value) {
        JsonNode node = single(value);
        if (node != null && node.isObject()) {
            JsonNode id = null;
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (id == null && ("@id".equals(member.getKey()) || "uid".equals(term(member.getKey())))) {
                    id = member.getValue();
                }
            }
            node = id;
        }
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static boolean bound(Policy policy, Names names) {
        return policy.type() == PolicyType.OFFER && policy.uid().equals(names.offer())
                && policy.assigner().equals(Optional.of(names.provider()))
                && policy.target().equals(Optional.of(names.dataset()))
                && rules(policy).allMatch(r -> r.target().map(names.dataset()::equals).orElse(true)
                        && r.assigner().map(names.provider()::equals).orElse(true));
    }

    private static Stream<Rule> rules(Policy policy) {
        return Stream.of(policy.permissions().stream().flatMap(p -> Stream.concat(Stream.of(p), duties(p.duties()))),
                        policy.prohibitions().stream().flatMap(p -> Stream.concat(Stream.of(p), duties(p.remedies()))),
                        duties(policy.obligations()))
                .flatMap(s -> s);
    }

    private static Stream<Rule> duties(List<Rule.Duty> duties) {
        return duties.stream().flatMap(d -> Stream.concat(Stream.of(d), duties(d.consequences())));
    }
}
