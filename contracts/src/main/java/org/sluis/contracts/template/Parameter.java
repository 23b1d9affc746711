package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import org.sluis.contracts.odrl.Problem;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter of a {@link ContractTemplate}.
 *
 * @param name         the member name in the request's {@code parameters} object
 * @param kind         what kind of JSON value is expected
 * @param required     whether the request must give it; a required parameter has no default
 * @param description  plain-language meaning, shown to data stewards
 * @param allowed      the closed set of values for TEXT and TEXT_LIST (each list item must be one
 *                     of them); empty when the set is open
 * @param min          the smallest INTEGER accepted, if bounded
 * @param max          the largest INTEGER accepted, if bounded
 * @param defaultValue the value used when an optional parameter is absent, if any; itself valid
 */
public record Parameter(String name, Kind kind, boolean required, String description, List<String> allowed,
                        Optional<Long> min, Optional<Long> max, Optional<JsonNode> defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** The kinds of parameter value. */
    public enum Kind {
        /** A non-blank JSON string. */
        TEXT,
        /** A non-empty JSON array of distinct non-blank strings. */
        TEXT_LIST,
        /** A JSON integer. */
        INTEGER,
        /** A JSON string holding an ISO 8601 calendar date {@code yyyy-mm-dd} ({@code xsd:date}). */
        DATE,
        /** A JSON string holding the absolute IRI of an exchange participant. */
        PARTICIPANT
    }

    /**
     * Checks the parameter is coherent: a camelCase name, a description, {@code allowed} only on
     * text kinds, bounds only on INTEGER with min &le; max, and a default only on an optional
     * parameter and only if the default is itself a valid value. Copies {@code allowed} and the default.
     */
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a camelCase parameter name, found '" + name + "'");
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("expected a description for parameter '" + name + "', found none");
        }
        if (!allowed.isEmpty() && kind != Kind.TEXT && kind != Kind.TEXT_LIST) {
            throw new IllegalArgumentException("expected allowed values only on TEXT or TEXT_LIST, found them on "
                    + kind + " parameter '" + name + "'");
        }
        if ((min.isPresent() || max.isPresent()) && kind != Kind.INTEGER) {
            throw new IllegalArgumentException("expected bounds only on INTEGER, found them on " + kind
                    + " parameter '" + name + "'");
        }
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            throw new IllegalArgumentException("expected min <= max for parameter '" + name + "', found min "
                    + min.get() + " and max " + max.get());
        }
        if (defaultValue.isPresent()) {
            if (required) {
                throw new IllegalArgumentException("expected no default on required parameter '" + name
                        + "', found " + defaultValue.get());
            }
            defaultValue = Optional.of(defaultValue.get().deepCopy());
            Parameter undefaulted = new Parameter(name, kind, false, description, allowed, min, max, Optional.empty());
            List<Problem> problems = ParameterReader.check(undefaulted, defaultValue.get());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("expected a valid default for parameter '" + name + "', found "
                        + problems);
            }
        }
    }

    /**
     * Creates a required parameter with an open value set and no bounds.
     *
     * @param name        the name
     * @param kind        the kind
     * @param description the plain-language meaning
     * @return the parameter
     */
    public static Parameter required(String name, Kind kind, String description) {
        return new Parameter(name, kind, true, description, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Returns this parameter with a closed value set.
     *
     * @param values the allowed values, in the order they are described
     * @return a copy allowing only {@code values}
     */
    public Parameter allowing(String... values) {
        return new Parameter(name, kind, required, description, List.of(values), min, max, defaultValue);
    }

    /**
     * Returns this INTEGER parameter with inclusive bounds.
     *
     * @param lowest  the smallest value accepted
     * @param highest the largest value accepted
     * @return a copy with the bounds
     */
    public Parameter between(long lowest, long highest) {
        return new Parameter(name, kind, required, description, allowed, Optional.of(lowest), Optional.of(highest),
                defaultValue);
    }

    /**
     * Returns the default, as a copy the caller may change.
     *
     * @return the default value, if any
     */
    @Override
    public Optional<JsonNode> defaultValue() {
        return defaultValue.map(JsonNode::deepCopy);
    }
}
