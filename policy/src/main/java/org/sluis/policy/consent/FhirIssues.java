package org.sluis.policy.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The issues found while reading one submitted document, and the checks shared by every part of
 * it: elements nobody reads are reported, never skipped, and each issue names its place by an
 * RFC 6901 JSON Pointer into what was submitted.
 */
final class FhirIssues {
    private final List<FhirConsentReader.Issue> found = new ArrayList<>();

    void add(String pointer, String message) {
        found.add(new FhirConsentReader.Issue(pointer, message));
    }

    List<FhirConsentReader.Issue> all() {
        return List.copyOf(found);
    }

    int count() {
        return found.size();
    }

    boolean none() {
        return found.isEmpty();
    }

    /**
     * Reports every member of {@code object} that is neither read ({@code read}) nor known to be
     * harmless to ignore ({@code harmless}). Extensions are reported with the reason they cannot
     * be ignored.
     */
    void onlyKnown(JsonNode object, String pointer, Set<String> read, Set<String> harmless, String what) {
        onlyKnown(object, pointer, read, harmless, Map.of(), what);
    }

    /** As above, with the reason each of some unsupported members cannot be honoured. */
    void onlyKnown(JsonNode object, String pointer, Set<String> read, Set<String> harmless, Map<String, String> reasons, String what) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            if (read.contains(name) || harmless.contains(name)) {
                continue;
            }
            String at = child(pointer, name);
            if (reasons.containsKey(name)) {
                add(at, reasons.get(name));
            } else if (name.equals("modifierExtension")) {
                add(at, "a modifierExtension may change the meaning of " + what + " and is not supported: the consent cannot be imported"
                        + " as written");
            } else if (name.equals("extension")) {
                add(at, "extensions on " + what + " are not supported; remove them or record the consent without them");
            } else if (name.startsWith("_")) {
                add(at, "extensions or ids on primitive values (" + name + ") are not supported");
            } else {
                add(at, "unsupported element " + name + " in " + what);
            }
        }
    }

    /**
     * Reads a required or optional string member.
     *
     * @return the text, or empty (with an issue if it is there but not a string)
     */
    Optional<String> text(JsonNode object, String name, String pointer) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            add(child(pointer, name), "expected a string, found " + kind(v));
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    /**
     * The elements of an array member, each with its pointer; an absent member is empty, a
     * member that is not an array is an issue.
     */
    List<Map.Entry<String, JsonNode>> array(JsonNode object, String name, String pointer) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        String at = child(pointer, name);
        if (!v.isArray()) {
            add(at, "expected an array, found " + kind(v));
            return List.of();
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isObject()) {
                add(at + "/" + i, "expected an object, found " + kind(e));
            } else {
                out.add(Map.entry(at + "/" + i, e));
            }
        }
        return out;
    }

    /** An object member, or empty with an issue if it is there but not an object. */
    Optional<JsonNode> object(JsonNode object, String name, String pointer) {
        JsonNode v = object.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            add(child(pointer, name), "expected an object, found " + kind(v));
            return Optional.empty();
        }
        return Optional.of(v);
    }

    static String kind(JsonNode v) {
        return v.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** {@code pointer} extended by one member name, escaped as RFC 6901 §3 requires. */
    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }
}
