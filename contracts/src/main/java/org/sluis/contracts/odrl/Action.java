package org.sluis.contracts.odrl;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ODRL action, optionally refined (ODRL Information Model 2.2, section "Action Class").
 *
 * @param value       a compact ODRL term such as {@code "use"} (one of {@link #KNOWN_TERMS}) or an
 *                    absolute IRI defined by a profile
 * @param refinements constraints narrowing the action, possibly empty
 */
public record Action(String value, List<Constraint> refinements) {

    /** {@code odrl:use}: the most general action. */
    public static final Action USE = of("use");
    /** {@code odrl:transfer}. */
    public static final Action TRANSFER = of("transfer");
    /** {@code odrl:read}. */
    public static final Action READ = of("read");
    /** {@code odrl:distribute}. */
    public static final Action DISTRIBUTE = of("distribute");
    /** {@code odrl:aggregate}. */
    public static final Action AGGREGATE = of("aggregate");
    /** {@code odrl:anonymize}. */
    public static final Action ANONYMIZE = of("anonymize");
    /** {@code odrl:delete}. */
    public static final Action DELETE = of("delete");
    /** {@code odrl:commercialize}. */
    public static final Action COMMERCIALIZE = of("commercialize");
    /** {@code odrl:attribute}. */
    public static final Action ATTRIBUTE = of("attribute");
    /** {@code odrl:inform}. */
    public static final Action INFORM = of("inform");
    /** {@code odrl:compensate}. */
    public static final Action COMPENSATE = of("compensate");
    /** {@code odrl:derive}. */
    public static final Action DERIVE = of("derive");
    /** {@code odrl:reproduce}. */
    public static final Action REPRODUCE = of("reproduce");
    /** {@code odrl:modify}. */
    public static final Action MODIFY = of("modify");
    /** {@code odrl:print}. */
    public static final Action PRINT = of("print");
    /** {@code odrl:play}. */
    public static final Action PLAY = of("play");
    /** {@code odrl:archive}. */
    public static final Action ARCHIVE = of("archive");

    /** The action terms of the ODRL 2.2 Core and Common Vocabulary. */
    public static final Set<String> KNOWN_TERMS = Set.of("use", "transfer", "acceptTracking", "aggregate",
            "annotate", "anonymize", "archive", "attribute", "commercialize", "compensate", "concurrentUse",
            "delete", "derive", "digitize", "display", "distribute", "ensureExclusivity", "execute", "extract",
            "give", "grantUse", "include", "index", "inform", "install", "modify", "move", "nextPolicy",
            "obtainConsent", "play", "present", "print", "read", "reproduce", "reviewPolicy", "sell", "stream",
            "synchronize", "textToSpeech", "transform", "translate", "uninstall", "watermark");

    /** Checks the value is present and copies the refinements. */
    public Action {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank action, found '" + value + "'");
        }
        refinements = List.copyOf(refinements);
    }

    /**
     * Creates an unrefined action.
     *
     * @param value a compact ODRL term or absolute IRI
     * @return the action without refinements
     */
    public static Action of(String value) {
        return new Action(value, List.of());
    }

    /**
     * Tells whether an action value is acceptable.
     *
     * @param value a compact term or IRI
     * @return true if it is one of {@link #KNOWN_TERMS} or an absolute (profile) IRI
     */
    public static boolean isAcceptable(String value) {
        return KNOWN_TERMS.contains(value) || Terms.isIri(value);
    }
}
