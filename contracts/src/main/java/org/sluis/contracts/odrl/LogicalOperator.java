package org.sluis.contracts.odrl;

/**
 * The ODRL 2.2 logical constraint operators (ODRL Information Model 2.2, section "Logical
 * Constraint Class").
 */
public enum LogicalOperator {
    /** {@code odrl:and}: all operands must be satisfied. */
    AND("and"),
    /** {@code odrl:or}: at least one operand must be satisfied. */
    OR("or"),
    /** {@code odrl:xone}: exactly one operand must be satisfied. */
    XONE("xone"),
    /** {@code odrl:andSequence}: all operands must be satisfied, in order. */
    AND_SEQUENCE("andSequence");

    private final String term;

    LogicalOperator(String term) {
        this.term = term;
    }

    /**
     * Returns the compact JSON-LD term.
     *
     * @return the member name used in JSON, e.g. {@code "xone"}
     */
    public String term() {
        return term;
    }
}
