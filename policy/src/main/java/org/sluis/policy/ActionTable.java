package org.sluis.policy;

import org.sluis.contracts.template.SluisVocabulary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The closed table of actions the decision point understands, and which is narrower than which
 * (ODRL Vocabulary 2.2: every Common Vocabulary action other than the transfer family is
 * "included in" {@code use}). A rule for an action covers a request for that action or any
 * narrower one: a permission for {@code use} covers {@code read}; a prohibition of
 * {@code distribute} covers {@code distribute} but not {@code use} in general, so it forbids
 * passing the data on without forbidding the use the permission grants.
 *
 * <pre>
 * use                  (the most general action)
 *   read, display, reproduce, derive, aggregate, index, archive,
 *   distribute, commercialize,
 *   {@value SluisVocabulary#REIDENTIFY}
 * transfer             (change of ownership: not included in use)
 * </pre>
 *
 * Any other action, in a request or in a rule, is unknown: the request, or every request under the
 * agreement, is denied.
 */
final class ActionTable {

    static final ActionTable STANDARD = standard();

    private final Map<String, Integer> index;
    private final List<String> terms;
    private final long[] covers;

    private ActionTable(Map<String, String> parents) {
        this.terms = List.copyOf(parents.keySet());
        if (terms.size() > Long.SIZE) {
            throw new IllegalArgumentException("expected at most 64 actions, found " + terms.size());
        }
        this.index = new HashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            index.put(terms.get(i), i);
        }
        this.covers = new long[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            // every action covers itself and, walking up from it, each broader action covers it
            for (String t = terms.get(i); t != null; t = parents.get(t)) {
                covers[index.get(t)] |= 1L << i;
            }
        }
    }

    private static ActionTable standard() {
        Map<String, String> parents = new LinkedHashMap<>();
        parents.put("use", null);
        for (String narrower : new ArrayList<>(List.of("read", "display", "reproduce", "derive", "aggregate",
                "index", "archive", "distribute", "commercialize", SluisVocabulary.REIDENTIFY))) {
            parents.put(narrower, "use");
        }
        parents.put("transfer", null);
        return new ActionTable(parents);
    }

    /**
     * Finds an action.
     *
     * @param term the action term or profile IRI
     * @return its index, or -1 if the action is unknown
     */
    int index(String term) {
        Integer i = index.get(term);
        return i == null ? -1 : i;
    }

    /**
     * Returns the actions a rule for {@code term} covers.
     *
     * @param term a known action
     * @return a bit mask over {@link #index} with the action and every narrower one
     */
    long covered(String term) {
        return covers[index.get(term)];
    }

    /** The known actions, in table order. */
    Set<String> terms() {
        return Set.copyOf(terms);
    }
}
