package org.sluis.policy.vocabulary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Purposes of use and which purpose is a kind of which ({@code clinical-trial-research isA
 * scientific-research}). A purpose has at most one broader purpose. A purpose the vocabulary does
 * not know is a valid purpose with no broader or narrower ones: it matches itself and nothing else,
 * so an agreement or consent may still name it exactly. Instances are immutable and thread-safe;
 * every lookup is one hash probe and allocates nothing for a known purpose.
 *
 * <p>The {@link #standard()} vocabulary (broader purpose on the left):
 * <ul>
 *   <li>the secondary-use purposes of the European Health Data Space (Regulation (EU) 2025/327,
 *       Art. 53), the values the {@code health-secondary-use} template allows, with
 *       {@code scientific-research} &gt; {@code clinical-trial-research}, {@code genomics-research},
 *       {@code transport-research}; {@code public-health} &gt; {@code epidemiology},
 *       {@code health-threat-surveillance}; {@code care-improvement} &gt;
 *       {@code quality-of-care-assessment}; {@code education} &gt; {@code teaching}; and the roots
 *       {@code official-statistics}, {@code policy-making};</li>
 *   <li>mobility: {@code mobility-operations} &gt; {@code route-planning},
 *       {@code traffic-management}, {@code fleet-optimisation};</li>
 *   <li>industry (the {@code corridor-industrial} template): {@code industrial-operations} &gt;
 *       {@code predictive-maintenance}, {@code process-optimisation}; {@code ai-development} &gt;
 *       {@code ai-training}.</li>
 * </ul>
 */
public final class PurposeVocabulary {

    private static final PurposeVocabulary STANDARD = standardVocabulary();

    private final Hierarchy hierarchy;

    private PurposeVocabulary(Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Returns the standard Sluis purposes, listed in the class comment.
     *
     * @return the shared standard vocabulary
     */
    public static PurposeVocabulary standard() {
        return STANDARD;
    }

    /**
     * Builds a vocabulary.
     *
     * @param roots     purposes with no broader purpose
     * @param broaderOf every other purpose mapped to its one broader purpose
     * @return the vocabulary
     * @throws IllegalArgumentException if a purpose is both a root and has a broader purpose, a
     *                                  broader purpose is unknown, or the purposes form a cycle
     */
    public static PurposeVocabulary of(Set<String> roots, Map<String, String> broaderOf) {
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(broaderOf, "broaderOf");
        Map<String, String> parents = new LinkedHashMap<>();
        roots.forEach(r -> parents.put(r, ""));
        broaderOf.forEach((purpose, broader) -> {
            if (parents.containsKey(purpose)) {
                throw new IllegalArgumentException("expected purpose '" + purpose
                        + "' to be either a root or narrower than '" + broader + "', found both");
            }
            parents.put(purpose, Objects.requireNonNull(broader, "broader purpose of " + purpose));
        });
        return new PurposeVocabulary(new Hierarchy("purpose", parents));
    }

    /**
     * Returns a purpose with every purpose it is a kind of, what a consent for a broader purpose
     * must be matched against.
     *
     * @param purpose a purpose, known or not
     * @return an unmodifiable set holding {@code purpose} and all its ancestors ({@code {purpose}}
     *     for an unknown purpose)
     */
    public Set<String> withBroader(String purpose) {
        return hierarchy.withBroader(Objects.requireNonNull(purpose, "purpose"));
    }

    /**
     * Returns a purpose with every purpose that is a kind of it.
     *
     * @param purpose a purpose, known or not
     * @return an unmodifiable set holding {@code purpose} and all its descendants
     */
    public Set<String> withNarrower(String purpose) {
        return hierarchy.withNarrower(Objects.requireNonNull(purpose, "purpose"));
    }

    /**
     * Tells whether one purpose is a kind of another ({@code odrl:isA}); every purpose is a kind of itself.
     *
     * @param purpose the specific purpose
     * @param broader the purpose it may be a kind of
     * @return true if {@code purpose} equals {@code broader} or lies under it
     */
    public boolean isA(String purpose, String broader) {
        return hierarchy.isWithin(purpose, broader);
    }

    /**
     * Returns the directly broader purpose.
     *
     * @param purpose a purpose
     * @return its broader purpose, or empty for a root or an unknown purpose
     */
    public Optional<String> broader(String purpose) {
        return hierarchy.broader(purpose);
    }

    /**
     * Tells whether the vocabulary lists a purpose.
     *
     * @param purpose a purpose
     * @return true if it is one of the vocabulary's purposes
     */
    public boolean contains(String purpose) {
        return hierarchy.contains(purpose);
    }

    /**
     * Returns every purpose of the vocabulary.
     *
     * @return an unmodifiable set
     */
    public Set<String> purposes() {
        return hierarchy.terms();
    }

    private static PurposeVocabulary standardVocabulary() {
        Map<String, String> narrower = new LinkedHashMap<>();
        narrower.put("clinical-trial-research", "scientific-research");
        narrower.put("genomics-research", "scientific-research");
        narrower.put("transport-research", "scientific-research");
        narrower.put("epidemiology", "public-health");
        narrower.put("health-threat-surveillance", "public-health");
        narrower.put("quality-of-care-assessment", "care-improvement");
        narrower.put("teaching", "education");
        narrower.put("route-planning", "mobility-operations");
        narrower.put("traffic-management", "mobility-operations");
        narrower.put("fleet-optimisation", "mobility-operations");
        narrower.put("predictive-maintenance", "industrial-operations");
        narrower.put("process-optimisation", "industrial-operations");
        narrower.put("ai-training", "ai-development");
        return of(Set.of("scientific-research", "public-health", "official-statistics", "care-improvement",
                "education", "policy-making", "mobility-operations", "industrial-operations", "ai-development"),
                narrower);
    }
}
