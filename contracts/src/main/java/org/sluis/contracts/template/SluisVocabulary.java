package org.sluis.contracts.template;

/**
 * The Sluis ODRL profile terms used by the templates where the ODRL 2.2 Common Vocabulary has no
 * term. They are full IRIs, not {@code sluis:} compact IRIs: {@link org.sluis.contracts.odrl.OdrlCodec}
 * only accepts the ODRL context, so a {@code sluis:} prefix could never be declared and a JSON-LD
 * processor would read {@code sluis:reidentify} as an IRI in an unregistered {@code sluis:} URI
 * scheme. The codec accepts absolute IRIs as actions and left operands
 * ({@code Action.isAcceptable}, {@code LeftOperands.isAcceptable}). Offers using them declare
 * {@link #PROFILE} (ODRL Information Model 2.2, section 2.7.1: a policy using profile terms
 * declares the profile).
 */
public final class SluisVocabulary {

    /** The namespace of the Sluis profile terms. */
    public static final String NS = "https://sluis.example/odrl/";
    /** The Sluis ODRL profile IRI. */
    public static final String PROFILE = NS + "profile/v1";
    /**
     * Action: replace the identifiers named by a {@link #FIELD} refinement with pseudonyms (GDPR
     * Art. 4(5)). Not {@code odrl:anonymize}: pseudonymised data is still personal data (GDPR
     * Recital 26), so calling it anonymisation would claim more than the duty requires.
     */
    public static final String PSEUDONYMISE = NS + "pseudonymise";
    /** Action: attempt to single out or link a data subject in the asset. ODRL has no such action. */
    public static final String REIDENTIFY = NS + "reidentify";
    /** Left operand: the names of the fields (columns, attributes) of the asset an action applies to. */
    public static final String FIELD = NS + "field";
    /** Left operand: the exact attribution statement an {@code attribute} duty must display. */
    public static final String ATTRIBUTION_TEXT = NS + "attributionText";
    /** QUDT unit "per day", used on a {@code count} constraint to make it a daily quota. */
    public static final String PER_DAY = "http://qudt.org/vocab/unit/PER-DAY";
    /** QUDT unit "day", used on an {@code elapsedTime} constraint given in days. */
    public static final String DAY = "http://qudt.org/vocab/unit/DAY";
    /** QUDT unit "hour", for an {@code elapsedTime} constraint given in hours. */
    public static final String HOUR = "http://qudt.org/vocab/unit/HR";
    /** QUDT unit "minute", for an {@code elapsedTime} constraint given in minutes. */
    public static final String MINUTE = "http://qudt.org/vocab/unit/MIN";
    /** QUDT unit "second", for an {@code elapsedTime} constraint given in seconds. */
    public static final String SECOND = "http://qudt.org/vocab/unit/SEC";
    /**
     * Duty action: remove the fields named by a {@link #FIELD} refinement from every record
     * delivered. ODRL has no such action ({@code odrl:delete} is about the whole asset).
     */
    public static final String DROP = NS + "drop";
    /**
     * Duty action: deliver only aggregates, grouped by the fields of a {@link #FIELD} refinement (none:
     * one overall group), suppressing groups smaller than a {@link #MIN_GROUP_SIZE} refinement. Not
     * {@code odrl:aggregate}, which permits using the asset in a composite collection and says
     * nothing about grouping or group sizes.
     */
    public static final String AGGREGATE = NS + "aggregate";
    /** Left operand: the smallest group an {@link #AGGREGATE} duty may deliver (k), with {@code gteq k}. */
    public static final String MIN_GROUP_SIZE = NS + "minGroupSize";
    /**
     * Duty action: deliver at most N records per access, refined by {@code odrl:absoluteSize lteq N}
     * (the size of what one access delivers, counted in records).
     */
    public static final String CAP_RECORDS = NS + "capRecords";

    private SluisVocabulary() {
    }
}
