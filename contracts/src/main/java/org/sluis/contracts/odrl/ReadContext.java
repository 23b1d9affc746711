package org.sluis.contracts.odrl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The low-level half of reading: collects {@link Problem}s, builds RFC 6901 pointers, maps member
 * names in compact, prefixed ({@code odrl:}) and expanded IRI form to one compact term, and reads
 * the JSON-LD value shapes ODRL uses (IRI as string or {@code {"@id": ...}}, single value or array,
 * array or {@code {"@list": [...]}}). Nothing here throws on bad input; it records a problem and
 * returns empty.
 */
final class ReadContext {

    /** A JSON value with the pointer it was found at. */
    record Located(JsonNode node, String pointer) {
    }

    private static final String RDF_VALUE_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";

    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    void problem(String pointer, String message) {
        problems.add(new Problem(pointer, message));
    }

    /**
     * Appends one reference token to a pointer, escaping {@code ~} and {@code /} (RFC 6901 section 3).
     */
    static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string '" + node.asText() + "'";
            case NUMBER -> "number " + node.asText();
            case BOOLEAN -> "boolean " + node.asText();
            case NULL -> "null";
            case ARRAY -> "an array of " + node.size();
            case OBJECT -> "an object";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Maps a member name to the compact term used in the model ({@code dct:} for Dublin Core), or
     * returns it unchanged if it is foreign.
     */
    static String normalise(String name) {
        if (name.startsWith("@")) {
            return name;
        }
        if ("rdf:value".equals(name) || RDF_VALUE_IRI.equals(name)) {
            return "rdf:value";
        }
        String dct = Terms.dct(name);
        if (!dct.equals(name)) {
            return dct;
        }
        return Terms.odrlTerm(name).orElse(name);
    }

    /**
     * Returns the members of an object by compact term, reporting unknown and duplicated members.
     * {@code "@id"} is read as {@code "uid"} (the ODRL context aliases one to the other).
     */
    Map<String, Located> members(JsonNode object, String pointer, Set<String> allowed, String where) {
        Map<String, Located> result = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            String term = normalise(name);
            if ("@id".equals(term) && allowed.contains("uid")) {
                term = "uid";
            }
            String at = child(pointer, name);
            if (!allowed.contains(term)) {
                problem(at, "expected only the members " + String.join(", ", sorted(allowed)) + " in " + where
                        + ", found unknown member '" + name + "'");
                continue;
            }
            String previous = givenAs.putIfAbsent(term, name);
            if (previous != null) {
                problem(at, "expected member '" + term + "' once in " + where + ", found it again as '" + name
                        + "' after '" + previous + "'");
                continue;
            }
            result.put(term, new Located(field.getValue(), at));
        }
        return result;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** Accepts a single value or a one-element array holding it. */
    Optional<Located> single(Located value) {
        JsonNode node = value.node();
        if (!node.isArray()) {
            return Optional.of(value);
        }
        if (node.size() == 1) {
            return Optional.of(new Located(node.get(0), child(value.pointer(), 0)));
        }
        problem(value.pointer(), "expected a single value, found " + describe(node));
        return Optional.empty();
    }

    /** Accepts an array, a {@code {"@list": [...]}} object or a single value standing for a one-element array. */
    List<Located> many(Located value) {
        JsonNode node = value.node();
        String pointer = value.pointer();
        if (node.isObject() && node.size() == 1 && node.has("@list")) {
            node = node.get("@list");
            pointer = child(pointer, "@list");
            if (!node.isArray()) {
                problem(pointer, "expected an array in '@list', found " + describe(node));
                return List.of();
            }
        }
        if (!node.isArray()) {
            return List.of(new Located(node, pointer));
        }
        List<Located> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            result.add(new Located(node.get(i), child(pointer, i)));
        }
        return result;
    }

    /**
     * Reads a reference to a resource: an IRI string, {@code {"@id": iri}} or {@code {"uid": iri}}
     * (a Party or Asset object), optionally in a one-element array.
     */
    Optional<String> iri(Located value, String what) {
        Optional<Located> one = single(value);
        if (one.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = one.get().node();
        String pointer = one.get().pointer();
        if (node.isObject()) {
            Map<String, Located> fields = members(node, pointer, Set.of("uid", "@type"), what);
            Located id = fields.get("uid");
            if (id == null) {
                problem(pointer, "expected " + what + " to have '@id' or 'uid', found neither");
                return Optional.empty();
            }
            node = id.node();
            pointer = id.pointer();
        }
        if (!node.isTextual()) {
            problem(pointer, "expected " + what + " as an IRI string or {\"@id\": ...}, found " + describe(node));
            return Optional.empty();
        }
        if (!Terms.isIri(node.asText())) {
            problem(pointer, "expected " + what + " to be an absolute IRI, found '" + node.asText() + "'");
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /**
     * Reads a vocabulary term given as a string or {@code {"@id": ...}}, in compact, {@code odrl:}
     * or expanded form, optionally in a one-element array, and returns it in compact form (foreign
     * IRIs are returned unchanged).
     */
    Optional<Located> term(Located value, String what) {
        Optional<Located> one = single(value);
        if (one.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = one.get().node();
        String pointer = one.get().pointer();
        if (node.isObject() && node.size() == 1 && node.has("@id")) {
            node = node.get("@id");
            pointer = child(pointer, "@id");
        }
        if (!node.isTextual()) {
            problem(pointer, "expected " + what + " as a string or {\"@id\": ...}, found " + describe(node));
            return Optional.empty();
        }
        String text = node.asText();
        return Optional.of(new Located(com.fasterxml.jackson.databind.node.TextNode.valueOf(
                Terms.odrlTerm(text).orElse(text)), pointer));
    }
}
