package org.sluis.contracts.odrl;

/**
 * How conflicts between a permission and a prohibition are resolved (ODRL Information Model 2.2,
 * section "Policy Conflict Strategy"). The spec default, used when a policy states none, is
 * {@link #INVALID}.
 */
public enum ConflictStrategy {
    /** {@code odrl:perm}: permissions take precedence. */
    PERM("perm"),
    /** {@code odrl:prohibit}: prohibitions take precedence. */
    PROHIBIT("prohibit"),
    /** {@code odrl:invalid}: the whole policy is void if any conflict exists (the default). */
    INVALID("invalid");

    private final String term;

    ConflictStrategy(String term) {
        this.term = term;
    }

    /**
     * Returns the compact JSON-LD term.
     *
     * @return the term as it appears in {@code "conflict"}
     */
    public String term() {
        return term;
    }
}
