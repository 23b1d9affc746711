package org.sluis.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sluis.contracts.odrl.Problem;

/**
 * Reading helpers for request bodies, shared by every reader of one: RFC 6901 pointers, unknown
 * members, and typed members that report what was expected and found. Nothing here throws on bad
 * input; it adds a {@link Problem} and returns empty.
 */
public final class JsonChecks {

    private JsonChecks() {
    }

    /** Appends one reference token, escaping {@code ~} and {@code /} (RFC 6901 section 3). */
    public static String child(String pointer, String token) {
        return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
    }

    /** Appends an array index. */
    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** Names a value's JSON type (and the value, for scalars other than strings, which may be long or secret). */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER, BOOLEAN -> node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node.asText();
            case NULL -> "null";
            case ARRAY -> "an array of " + node.size();
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Reports every member of {@code object} not in {@code allowed}: a typo must not be dropped silently. */
    public static void onlyMembers(JsonNode object, String pointer, Set<String> allowed, String where,
                            List<Problem> problems) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                problems.add(new Problem(child(pointer, name), "expected only the members "
                        + String.join(", ", new TreeSet<>(allowed)) + " in " + where + ", found unknown member "
                        + quote(name)));
            }
        });
    }

    /**
     * Reads a string member and checks it.
     *
     * @param check    returns what was expected and found if the string is not acceptable
     * @param expected what a non-string should have been, for the message
     * @return the string if present and acceptable
     */
    public static Optional<String> string(JsonNode object, String pointer, String name, boolean required, String expected,
                                   Function<String, Optional<String>> check, List<Problem> problems) {
        JsonNode value = object.get(name);
        String at = child(pointer, name);
        if (value == null) {
            if (required) {
                problems.add(new Problem(at, "expected " + expected + ", found nothing"));
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            problems.add(new Problem(at, "expected " + expected + ", found " + describe(value)));
            return Optional.empty();
        }
        Optional<String> wrong = check.apply(value.asText());
        wrong.ifPresent(message -> problems.add(new Problem(at, message)));
        return wrong.isPresent() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A check that accepts every string. */
    public static Optional<String> any(String value) {
        return Optional.empty();
    }

    /** A check for a closed set of strings. */
    public static Function<String, Optional<String>> oneOf(List<String> allowed) {
        return value -> allowed.contains(value) ? Optional.empty()
                : Optional.of("expected one of " + allowed + ", found " + quote(value));
    }

    /** A check for a pattern, described for the message. */
    public static Function<String, Optional<String>> matching(Pattern pattern, String rule) {
        return value -> pattern.matcher(value).matches() ? Optional.empty()
                : Optional.of("expected " + rule + ", found " + quote(value));
    }

    /**
     * Reads an optional object of string members, e.g. headers.
     *
     * @param secret whether the values are secrets, so messages never repeat them
     * @return the entries in document order, or empty if absent or any entry was refused
     */
    public static Optional<Map<String, String>> stringMap(JsonNode object, String pointer, String name,
                                                   Function<String, Optional<String>> nameCheck,
                                                   Function<String, Optional<String>> valueCheck,
                                                   boolean secret, List<Problem> problems) {
        JsonNode value = object.get(name);
        String at = child(pointer, name);
        if (value == null) {
            return Optional.of(Map.of());
        }
        if (!value.isObject()) {
            problems.add(new Problem(at, "expected an object of string values, found " + describe(value)));
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, String> entries = new LinkedHashMap<>();
        value.properties().forEach(e -> {
            String entryAt = child(at, e.getKey());
            nameCheck.apply(e.getKey()).ifPresent(m -> problems.add(new Problem(entryAt, m)));
            if (!e.getValue().isTextual()) {
                String found = secret ? "a " + e.getValue().getNodeType().name().toLowerCase(Locale.ROOT)
                        : describe(e.getValue());
                problems.add(new Problem(entryAt, "expected a string value, found " + found));
            } else {
                valueCheck.apply(e.getValue().asText()).ifPresent(m -> problems.add(new Problem(entryAt, m)));
                entries.put(e.getKey(), e.getValue().asText());
            }
        });
        return problems.size() == before ? Optional.of(entries) : Optional.empty();
    }

    /**
     * Shows a value in a message: quoted, cut after 80 characters, control characters escaped, so
     * a message stays one readable line whatever the request held.
     */
    public static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder("'");
        shown.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('\'').toString();
    }
}
