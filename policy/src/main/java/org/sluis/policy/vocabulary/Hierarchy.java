package org.sluis.policy.vocabulary;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tree of terms, each with at most one broader term, with the closures precomputed so that a
 * lookup on the decision path is one hash probe and allocates nothing. Shared by
 * {@link PurposeVocabulary} and {@link Regions}.
 */
final class Hierarchy {

    private final String what;
    private final Map<String, String> parents;
    private final Map<String, Set<String>> withBroader;
    private final Map<String, Set<String>> withNarrower;

    /**
     * Builds the closures.
     *
     * @param what    what the terms are, for messages ("purpose", "region")
     * @param parents every term mapped to its broader term, or to {@code ""} for a root
     * @throws IllegalArgumentException if a broader term is not itself a term, or the terms form a cycle
     */
    Hierarchy(String what, Map<String, String> parents) {
        this.what = Objects.requireNonNull(what, "what");
        Map<String, String> copy = new LinkedHashMap<>();
        parents.forEach((term, parent) -> {
            if (term.isBlank()) {
                throw new IllegalArgumentException("expected a non-blank " + what + ", found '" + term + "'");
            }
            if (!parent.isEmpty() && !parents.containsKey(parent)) {
                throw new IllegalArgumentException("expected the broader " + what + " of '" + term
                        + "' to be a known " + what + ", found '" + parent + "'");
            }
            copy.put(term, parent);
        });
        Map<String, Set<String>> up = new HashMap<>();
        Map<String, Set<String>> down = new HashMap<>();
        for (String term : copy.keySet()) {
            Set<String> chain = new HashSet<>();
            for (String t = term; !t.isEmpty(); t = copy.get(t)) {
                if (!chain.add(t)) {
                    throw new IllegalArgumentException("expected the broader " + what + "s of '" + term
                            + "' to end at a root, found a cycle through '" + t + "'");
                }
                down.computeIfAbsent(t, k -> new HashSet<>()).add(term);
            }
            up.put(term, chain);
        }
        this.parents = Map.copyOf(copy);
        this.withBroader = freeze(up);
        this.withNarrower = freeze(down);
    }

    private static Map<String, Set<String>> freeze(Map<String, Set<String>> sets) {
        Map<String, Set<String>> frozen = new HashMap<>();
        sets.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return Map.copyOf(frozen);
    }

    boolean contains(String term) {
        return parents.containsKey(term);
    }

    Optional<String> broader(String term) {
        String parent = parents.get(term);
        return parent == null || parent.isEmpty() ? Optional.empty() : Optional.of(parent);
    }

    /** The term and every broader term; a term not in the tree stands alone. */
    Set<String> withBroader(String term) {
        Set<String> known = withBroader.get(term);
        return known != null ? known : Set.of(term);
    }

    /** The term and every narrower term; a term not in the tree stands alone. */
    Set<String> withNarrower(String term) {
        Set<String> known = withNarrower.get(term);
        return known != null ? known : Set.of(term);
    }

    /** True if {@code term} is {@code broader} or lies under it. */
    boolean isWithin(String term, String broader) {
        return withBroader(term).contains(broader);
    }

    Set<String> terms() {
        return parents.keySet();
    }

    @Override
    public String toString() {
        return what + " hierarchy of " + parents.size() + " terms";
    }
}
