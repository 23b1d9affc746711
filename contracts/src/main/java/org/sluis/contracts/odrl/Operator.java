package org.sluis.contracts.odrl;

/**
 * The ODRL 2.2 constraint operators (ODRL Vocabulary 2.2, "Constraint Operators").
 */
public enum Operator {
    /** {@code odrl:eq}. */
    EQ("eq"),
    /** {@code odrl:neq}. */
    NEQ("neq"),
    /** {@code odrl:lt}. */
    LT("lt"),
    /** {@code odrl:lteq}. */
    LTEQ("lteq"),
    /** {@code odrl:gt}. */
    GT("gt"),
    /** {@code odrl:gteq}. */
    GTEQ("gteq"),
    /** {@code odrl:isA}. */
    IS_A("isA"),
    /** {@code odrl:hasPart}. */
    HAS_PART("hasPart"),
    /** {@code odrl:isPartOf}. */
    IS_PART_OF("isPartOf"),
    /** {@code odrl:isAllOf}. */
    IS_ALL_OF("isAllOf"),
    /** {@code odrl:isAnyOf}. */
    IS_ANY_OF("isAnyOf"),
    /** {@code odrl:isNoneOf}. */
    IS_NONE_OF("isNoneOf");

    private final String term;

    Operator(String term) {
        this.term = term;
    }

    /**
     * Returns the compact JSON-LD term.
     *
     * @return the term, e.g. {@code "isAnyOf"}
     */
    public String term() {
        return term;
    }

    /**
     * Tells whether this operator compares against a set of values.
     *
     * @return true for isAllOf, isAnyOf and isNoneOf, whose right operand must be a list
     */
    public boolean needsList() {
        return this == IS_ALL_OF || this == IS_ANY_OF || this == IS_NONE_OF;
    }

    /**
     * Tells whether this operator orders values.
     *
     * @return true for lt, lteq, gt and gteq, whose right operand must be a number, date or date-time
     */
    public boolean isOrdering() {
        return this == LT || this == LTEQ || this == GT || this == GTEQ;
    }
}
