package org.sluis.policy.consent;

import java.util.Optional;

/** Whether delivering a dataset's records depends on the data subjects' recorded consent. */
public enum ConsentMode {
    /** Consent is not checked: records are delivered under the agreement alone. */
    NONE("none"),
    /** A record is delivered only if its subject has permitted the use. */
    OPT_IN("opt-in"),
    /** A record is delivered unless its subject has denied the use. */
    OPT_OUT("opt-out");

    private final String wire;

    ConsentMode(String wire) {
        this.wire = wire;
    }

    /**
     * Returns the name used in JSON.
     *
     * @return e.g. {@code "opt-in"}
     */
    public String wire() {
        return wire;
    }

    /**
     * Finds the mode a JSON name stands for.
     *
     * @param wire the name as found in a request; may be null
     * @return the mode, or empty if {@code wire} names none (the match is exact)
     */
    public static Optional<ConsentMode> fromWire(String wire) {
        for (ConsentMode m : values()) {
            if (m.wire.equals(wire)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
