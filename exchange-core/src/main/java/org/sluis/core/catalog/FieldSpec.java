package org.sluis.core.catalog;

import java.util.List;
import java.util.Objects;
import org.sluis.core.json.JsonChecks;

/**
 * One field (column, attribute) of a dataset's records.
 *
 * @param name        {@code [A-Za-z_][A-Za-z0-9_.-]{0,63}}, unique within the dataset
 * @param type        one of {@link #TYPES}
 * @param sensitivity how much the field says about a person
 */
public record FieldSpec(String name, String type, Sensitivity sensitivity) {

    /** The JSON-oriented value types a field may declare. */
    public static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "date", "dateTime",
            "object", "array");

    /**
     * Checks the name and type and that the sensitivity is present.
     *
     * @throws IllegalArgumentException if the name or type breaks the rules above
     */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sensitivity, "sensitivity");
        if (!Syntax.FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a field name matching " + Syntax.FIELD_NAME + ", found "
                    + JsonChecks.quote(name));
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("expected a field type in " + TYPES + ", found " + JsonChecks.quote(type));
        }
    }
}
