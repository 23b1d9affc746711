package org.sluis.connectors;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A consent filter in the form a source can apply before records leave the provider's system: the
 * subject field, the custodian's subject key, and the subjects whose consent departs from the
 * mode's default. A source that can (a PostgreSQL source, in SQL) skips the records the filter
 * would refuse, so they are never read, sent or parsed; one that cannot ignores it. Either way the
 * exchange's own consent filter still sees every record that arrives, so a source that applies
 * this only saves work, and a revocation after the read began still stops the next record.
 *
 * @param subjectField the field holding the subject's id as the custodian knows it
 * @param subjectKey   the custodian's subject key: a subject's hash is base64url without padding of
 *                     HMAC-SHA-256(subjectKey, UTF-8(id)); 32 bytes, copied
 * @param admitListed  true: only the listed subjects' records pass (opt-in); false: all but theirs (opt-out)
 * @param listed       the subject hashes, as of when the read begins
 */
public record ConsentPushdown(String subjectField, byte[] subjectKey, boolean admitListed, Set<String> listed) {

    /** Checks the field and key and copies the key and the hashes. */
    public ConsentPushdown {
        Objects.requireNonNull(subjectField, "subjectField");
        if (subjectKey.length != 32) {
            throw new IllegalArgumentException("expected a 32-byte subject key, found " + subjectKey.length + " bytes");
        }
        subjectKey = subjectKey.clone();
        listed = Set.copyOf(listed);
    }

    /** A copy of the key: the record's own array is never handed out. */
    @Override
    public byte[] subjectKey() {
        return subjectKey.clone();
    }

    /** Equal field, key, mode and hashes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConsentPushdown p && subjectField.equals(p.subjectField) && Arrays.equals(subjectKey, p.subjectKey)
                && admitListed == p.admitListed && listed.equals(p.listed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjectField, Arrays.hashCode(subjectKey), admitListed, listed);
    }

    /** Never shows the key or the hashes. */
    @Override
    public String toString() {
        return "ConsentPushdown[" + subjectField + ", " + (admitListed ? "only " : "all but ") + listed.size() + " subjects]";
    }
}
