package org.sluis.policy.consent;

/**
 * The consent state a decision or a record filter consults. Implementations answer from memory:
 * they are asked once per record streamed, so a lookup must not block or do I/O.
 */
public interface ConsentView {

    /**
     * Tells whether the data of one subject may be used as {@code query} describes. With
     * {@link ConsentMode#NONE} the answer is always yes; with {@link ConsentMode#OPT_IN} only a
     * permitting consent lets the data flow; with {@link ConsentMode#OPT_OUT} everything flows
     * but what a denying consent stops. Among the consents that apply, the most specific decides;
     * at equal specificity a denial wins.
     *
     * @param subjectHash the subject's keyed hash (base64url HMAC-SHA-256), never the raw id
     * @param query       the use: dataset, categories, purposes, recipients, time and mode
     * @return true if the subject's data may be used
     */
    boolean permits(String subjectHash, ConsentQuery query);
}
