package org.sluis.contracts.negotiation;

/** The two participants of a contract negotiation (DSP 2024-1, Contract Negotiation Protocol, §1). */
public enum Party {
    /** The participant that requests a dataset under a usage contract. */
    CONSUMER,
    /** The participant that offers a dataset under a usage contract. */
    PROVIDER
}
