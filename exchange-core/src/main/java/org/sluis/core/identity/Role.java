package org.sluis.core.identity;

/** What a participant may do at the exchange; one participant may hold several roles. */
public enum Role {
    /** Publishes datasets under contracts. */
    PROVIDER,
    /** Negotiates agreements and receives data. */
    CONSUMER,
    /** Manages consent for the data subjects it holds. */
    CUSTODIAN,
    /** Reads and verifies the whole ledger. */
    AUDITOR,
    /** Runs the exchange: onboards, suspends and revokes participants. */
    OPERATOR
}
