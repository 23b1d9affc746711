package org.sluis.contracts.negotiation;

/**
 * The states of a contract negotiation, as named by the Dataspace Protocol (DSP 2024-1,
 * Contract Negotiation Protocol, §1.1 "States").
 *
 * <p>{@link #FINALIZED} and {@link #TERMINATED} are final: no event moves a negotiation out of
 * them (DSP §1.2, "Terminal states are final").
 */
public enum NegotiationState {
    /** The consumer has requested a contract based on an offer and the provider acknowledged. */
    REQUESTED,
    /** The provider has sent an offer (or counter-offer) and the consumer acknowledged. */
    OFFERED,
    /** The consumer has accepted the latest offer and the provider acknowledged. */
    ACCEPTED,
    /** The provider has accepted the latest offer and sent an agreement; the consumer acknowledged. */
    AGREED,
    /** The consumer has verified the agreement and the provider acknowledged. */
    VERIFIED,
    /** The provider has finalized the agreement; data is available to the consumer. Final. */
    FINALIZED,
    /** Either party has terminated the negotiation. Final. */
    TERMINATED;

    /**
     * Tells whether this state is final.
     *
     * @return {@code true} for {@link #FINALIZED} and {@link #TERMINATED}, {@code false} otherwise
     */
    public boolean isFinal() {
        return this == FINALIZED || this == TERMINATED;
    }
}
