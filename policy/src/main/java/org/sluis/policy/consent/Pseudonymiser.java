package org.sluis.policy.consent;

import java.util.Objects;

/**
 * Replaces identifiers with pseudonyms for one agreement: the keyed hash of the identifier under
 * that agreement's own key. The same value always gets the same pseudonym within one agreement,
 * so a consumer can still join its records; two agreements' keys differ, so two consumers (or one
 * consumer under two agreements) cannot link their copies, and without the key nobody can go back
 * from a pseudonym to the value. Thread-safe: it holds only a {@link KeyedHash}, so one instance
 * per agreement may serve every stream of it at once.
 */
public final class Pseudonymiser {
    /** What {@link #forAgreement} prefixes to the agreement id to label its sub-key. */
    public static final String AGREEMENT_LABEL = "agreement:";

    private final KeyedHash agreementKey;

    /**
     * A pseudonymiser under an agreement's key.
     *
     * @param agreementKey the key of this agreement alone, e.g. from {@link #forAgreement}
     */
    public Pseudonymiser(KeyedHash agreementKey) {
        this.agreementKey = Objects.requireNonNull(agreementKey, "agreementKey");
    }

    /**
     * A pseudonymiser under the sub-key {@code pseudonymKey.derive("agreement:" + agreementId)}.
     *
     * @param pseudonymKey the exchange's key for pseudonyms (not the subject key)
     * @param agreementId  the agreement the pseudonyms are for
     * @return the agreement's pseudonymiser
     */
    public static Pseudonymiser forAgreement(KeyedHash pseudonymKey, String agreementId) {
        return new Pseudonymiser(pseudonymKey.derive(AGREEMENT_LABEL + agreementId));
    }

    /**
     * The pseudonym of a value.
     *
     * @param value the identifier as the record carries it
     * @return base64url of HMAC-SHA-256 under the agreement's key, 43 characters
     */
    public String pseudonym(String value) {
        return agreementKey.hash(Objects.requireNonNull(value, "value"));
    }
}
