package org.sluis.core.identity;

/** A participant's standing; only {@link #ACTIVE} participants get tokens and have them honoured. */
public enum ParticipantStatus {
    /** May log in and act in its roles. */
    ACTIVE,
    /** Temporarily barred; the operator may reinstate it. */
    SUSPENDED,
    /** Barred for good. */
    REVOKED
}
