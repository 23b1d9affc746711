package org.sluis.policy;

import java.util.List;

/**
 * An agreement prepared by {@link DecisionPoint#compile} for fast decisions: vocabularies looked up,
 * dates and deadlines computed, and whatever the decision point does not understand turned into a
 * constant denial. Compile once per agreement and cache; instances are immutable and thread-safe.
 */
public sealed interface CompiledAgreement permits CompiledPolicy {

    /**
     * Returns the agreement's id.
     *
     * @return the id from {@link AgreementContext#agreementId()}
     */
    String agreementId();

    /**
     * Tells whether decisions depend on the number of prior uses, so the exchange must lock and
     * count uses for this agreement.
     *
     * @return true iff any {@code count} constraint exists anywhere in the agreement
     */
    boolean countsUses();

    /**
     * Returns why every request under this agreement is denied, if the decision point cannot
     * enforce it (an unknown left operand, operator, action or duty).
     *
     * @return the reasons, empty when the agreement is fully understood
     */
    List<Reason> problems();
}
