package org.sluis.core.catalog;

import java.util.Optional;

/**
 * How much a field says about a person, as the provider declares it. It decides how the field is
 * treated downstream (pseudonymisation duties, consent checks), so it is required on every field.
 */
public enum Sensitivity {
    /** Identifies a person on its own (a national id, a patient number). */
    IDENTIFIER("identifier"),
    /** Identifies a person when combined with others (birth date, postcode). */
    QUASI_IDENTIFIER("quasi-identifier"),
    /** Special-category or otherwise sensitive content (a diagnosis). */
    SENSITIVE("sensitive"),
    /** Says nothing about a person. */
    PUBLIC("public");

    private final String wire;

    Sensitivity(String wire) {
        this.wire = wire;
    }

    /**
     * Returns the name used in JSON.
     *
     * @return e.g. {@code "quasi-identifier"}
     */
    public String wire() {
        return wire;
    }

    /**
     * Finds the sensitivity a JSON name stands for.
     *
     * @param wire the name as found in a request; may be null
     * @return the sensitivity, or empty if {@code wire} names none (the match is exact)
     */
    public static Optional<Sensitivity> fromWire(String wire) {
        for (Sensitivity s : values()) {
            if (s.wire.equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
