package org.sluis.contracts.odrl;

/**
 * The three ODRL 2.2 policy subclasses (ODRL Information Model 2.2, section "Policy Class":
 * Set, Offer, Agreement).
 */
public enum PolicyType {
    /** {@code odrl:Set}: a policy with no party requirements. */
    SET("Set"),
    /** {@code odrl:Offer}: MUST have an assigner. */
    OFFER("Offer"),
    /** {@code odrl:Agreement}: MUST have an assigner and an assignee. */
    AGREEMENT("Agreement");

    private final String term;

    PolicyType(String term) {
        this.term = term;
    }

    /**
     * Returns the compact JSON-LD term.
     *
     * @return the term as it appears in {@code "@type"}, e.g. {@code "Offer"}
     */
    public String term() {
        return term;
    }
}
