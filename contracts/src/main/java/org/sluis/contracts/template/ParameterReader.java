package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import org.sluis.contracts.odrl.Problem;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request's {@code parameters} object against a template's parameters and converts the
 * values. Every problem is collected, in this order: unknown members (document order), then per
 * declared parameter (declaration order) missing, wrong type, value not allowed or out of range.
 * Pointers are RFC 6901 into the request: {@code /parameters/<name>[/<index>]}.
 */
final class ParameterReader {

    /** The pointer of the parameters object in an instantiation request. */
    static final String ROOT = "/parameters";

    private ParameterReader() {
    }

    /**
     * Reads every parameter.
     *
     * @param declared the template's parameters by name, in order
     * @param given    the request's parameters object
     * @param problems where problems are added
     * @return the converted values of the parameters that were valid (and defaults of absent ones)
     */
    static Values read(Map<String, Parameter> declared, JsonNode given, List<Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (given == null || !given.isObject()) {
            problems.add(new Problem(ROOT, "expected an object of parameters, found " + describe(given)));
            return new Values(values);
        }
        Iterator<String> names = given.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!declared.containsKey(name)) {
                problems.add(new Problem(pointer(name), "expected one of the parameters " + declared.keySet()
                        + ", found unknown parameter '" + name + "'"));
            }
        }
        for (Parameter parameter : declared.values()) {
            JsonNode value = given.get(parameter.name());
            if (value == null) {
                if (parameter.required()) {
                    problems.add(new Problem(pointer(parameter.name()), "expected required " + parameter.kind()
                            + " parameter '" + parameter.name() + "', found none"));
                } else {
                    parameter.defaultValue().ifPresent(d -> values.put(parameter.name(), convert(parameter.kind(), d)));
                }
                continue;
            }
            List<Problem> found = check(parameter, value);
            if (found.isEmpty()) {
                values.put(parameter.name(), convert(parameter.kind(), value));
            }
            problems.addAll(found);
        }
        return new Values(values);
    }

    /**
     * Checks one present value.
     *
     * @param parameter the parameter
     * @param value     the value given for it
     * @return its problems, empty if it is valid
     */
    static List<Problem> check(Parameter parameter, JsonNode value) {
        List<Problem> problems = new ArrayList<>();
        String at = pointer(parameter.name());
        switch (parameter.kind()) {
            case TEXT -> text(parameter, value, at, problems);
            case TEXT_LIST -> {
                if (!value.isArray()) {
                    problems.add(new Problem(at, "expected an array of strings, found " + describe(value)));
                } else if (value.isEmpty()) {
                    problems.add(new Problem(at, "expected at least one value, found an empty array"));
                } else {
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < value.size(); i++) {
                        JsonNode item = value.get(i);
                        String itemAt = at + "/" + i;
                        if (text(parameter, item, itemAt, problems) && !seen.add(item.asText())) {
                            problems.add(new Problem(itemAt, "expected distinct values, found '" + item.asText()
                                    + "' again"));
                        }
                    }
                }
            }
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    problems.add(new Problem(at, "expected an integer, found " + describe(value)));
                } else {
                    BigInteger n = value.bigIntegerValue();
                    boolean low = parameter.min().map(m -> n.compareTo(BigInteger.valueOf(m)) < 0).orElse(false);
                    boolean high = parameter.max().map(m -> n.compareTo(BigInteger.valueOf(m)) > 0).orElse(false);
                    if (low || high) {
                        problems.add(new Problem(at, "expected an integer from " + parameter.min().map(String::valueOf)
                                .orElse("any") + " to " + parameter.max().map(String::valueOf).orElse("any")
                                + ", found " + n));
                    }
                }
            }
            case DATE -> {
                if (!value.isTextual() || parseDate(value.asText()) == null) {
                    problems.add(new Problem(at, "expected a date as a string yyyy-mm-dd, found " + describe(value)));
                }
            }
            case PARTICIPANT -> {
                if (!value.isTextual() || !isIri(value.asText())) {
                    problems.add(new Problem(at, "expected a participant as an absolute IRI string, found "
                            + describe(value)));
                }
            }
        }
        return problems;
    }

    private static boolean text(Parameter parameter, JsonNode value, String at, List<Problem> problems) {
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(new Problem(at, "expected a non-blank string, found " + describe(value)));
            return false;
        }
        if (!parameter.allowed().isEmpty() && !parameter.allowed().contains(value.asText())) {
            problems.add(new Problem(at, "expected one of " + parameter.allowed() + ", found '" + value.asText() + "'"));
            return false;
        }
        return true;
    }

    private static Object convert(Parameter.Kind kind, JsonNode value) {
        return switch (kind) {
            case TEXT, PARTICIPANT -> value.asText();
            case TEXT_LIST -> {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                yield List.copyOf(items);
            }
            case INTEGER -> value.longValue();
            case DATE -> parseDate(value.asText());
        };
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Tells whether {@code value} is an absolute IRI, by the same rule the ODRL codec applies.
     *
     * @param value the candidate
     * @return true if it has a scheme and no whitespace
     */
    static boolean isIri(String value) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Returns the pointer of a parameter, escaped per RFC 6901 section 3.
     *
     * @param name the member name
     * @return {@code /parameters/<name>}
     */
    static String pointer(String name) {
        return ROOT + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        String text = value.toString();
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown;
    }

    /** The converted values of valid parameters. */
    record Values(Map<String, Object> byName) {

        Values {
            byName = Map.copyOf(byName);
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        String text(String name) {
            return (String) get(name);
        }

        @SuppressWarnings("unchecked")
        List<String> texts(String name) {
            return (List<String>) get(name);
        }

        long integer(String name) {
            return (Long) get(name);
        }

        LocalDate date(String name) {
            return (LocalDate) get(name);
        }

        private Object get(String name) {
            Object value = byName.get(name);
            if (value == null) {
                throw new IllegalStateException("expected a valid value for parameter '" + name + "', found none");
            }
            return value;
        }
    }
}
