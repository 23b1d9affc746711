package org.sluis.policy.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of consents, answering {@link #permits} once per streamed record.
 * Thread-safe: nothing changes after {@link #of}; a changed consent state is a new index.
 *
 * <p><b>Which consent decides.</b> Of the subject's consents, those that
 * {@linkplain Consent#appliesTo apply} to the query are ranked by {@link Consent#specificity()}:
 * <ol>
 *   <li>a dataset consent beats a category consent, whatever else either restricts;</li>
 *   <li>then a consent restricting both purposes and recipients beats one restricting one of
 *       them, which beats one restricting neither (purposes-only and recipients-only rank equal);</li>
 *   <li>at equal rank a denial beats a permission.</li>
 * </ol>
 * The highest-ranked applicable consent decides. With none, {@link ConsentMode#OPT_IN} denies and
 * {@link ConsentMode#OPT_OUT} permits; {@link ConsentMode#NONE} permits without a lookup.
 *
 * <p><b>Cost.</b> A lookup is one hash-map probe by subject hash and a scan of that subject's
 * few consents, which are sorted once here by rank, highest first, denials before permissions
 * within a rank: so the first applicable consent is the one that decides, and the scan stops
 * there. Purposes and recipients are kept as arrays, so a lookup allocates nothing.
 */
public final class ConsentIndex implements ConsentView {
    private static final ConsentIndex EMPTY = new ConsentIndex(Map.of(), 0);
    private static final String[] NONE = new String[0];

    private final Map<String, Entry[]> bySubject;
    private final int size;

    private ConsentIndex(Map<String, Entry[]> bySubject, int size) {
        this.bySubject = bySubject;
        this.size = size;
    }

    /**
     * Indexes consents (revoked ones must be left out by the caller).
     *
     * @param consents the consents in force; copied
     * @return the index
     */
    public static ConsentIndex of(Collection<Consent> consents) {
        Map<String, List<Consent>> grouped = new HashMap<>();
        for (Consent c : consents) {
            grouped.computeIfAbsent(c.subjectHash(), k -> new ArrayList<>(2)).add(c);
        }
        Comparator<Consent> decidingFirst = Comparator.comparingInt(Consent::specificity).reversed()
                .thenComparing(Consent::permit); // false (deny) before true (permit)
        Map<String, Entry[]> bySubject = new HashMap<>(grouped.size() * 4 / 3 + 1);
        grouped.forEach((subject, list) -> bySubject.put(subject,
                list.stream().sorted(decidingFirst).map(Entry::new).toArray(Entry[]::new)));
        return new ConsentIndex(bySubject, consents.size());
    }

    /**
     * The index without consents: opt-in denies everyone, opt-out permits everyone.
     *
     * @return the empty index
     */
    public static ConsentIndex empty() {
        return EMPTY;
    }

    /** {@inheritDoc} See the class comment for which consent decides. */
    @Override
    public boolean permits(String subjectHash, ConsentQuery query) {
        ConsentMode mode = query.mode();
        if (mode == ConsentMode.NONE) {
            return true;
        }
        Entry[] entries = bySubject.get(subjectHash);
        if (entries != null) {
            for (Entry e : entries) {
                if (e.appliesTo(query)) {
                    return e.permit;
                }
            }
        }
        return mode == ConsentMode.OPT_OUT;
    }

    /**
     * The subjects for whom this use is not the mode's default: under {@link ConsentMode#OPT_IN}
     * those a consent permits, under {@link ConsentMode#OPT_OUT} those a consent denies; none under
     * {@link ConsentMode#NONE}. For every subject hash {@code h}, {@code permits(h, query)} is
     * {@code exceptions(query).contains(h)} under opt-in and its negation under opt-out, so a source
     * can filter by this set before the records reach the exchange (a JDBC source does it in SQL).
     *
     * @param query the use
     * @return the subject hashes, a new set
     */
    public Set<String> exceptions(ConsentQuery query) {
        Set<String> out = new HashSet<>();
        if (query.mode() == ConsentMode.NONE) {
            return out;
        }
        boolean byDefault = query.mode() == ConsentMode.OPT_OUT;
        bySubject.forEach((subject, entries) -> {
            if (permits(subject, query) != byDefault) {
                out.add(subject);
            }
        });
        return out;
    }

    /**
     * Counts the consents indexed.
     *
     * @return the number of consents given to {@link #of}
     */
    public int size() {
        return size;
    }

    /** A consent laid out for a lookup that allocates nothing. */
    private static final class Entry {
        final String datasetId;
        final String category;
        final String[] purposes;
        final String[] recipients;
        final Instant validFrom;
        final Instant validUntil;
        final boolean permit;

        Entry(Consent c) {
            datasetId = c.datasetId().orElse(null);
            category = c.category().orElse(null);
            purposes = c.purposes().isEmpty() ? NONE : c.purposes().toArray(NONE);
            recipients = c.recipients().isEmpty() ? NONE : c.recipients().toArray(NONE);
            validFrom = c.validFrom().orElse(null);
            validUntil = c.validUntil().orElse(null);
            permit = c.permit();
        }

        boolean appliesTo(ConsentQuery q) {
            Instant t = q.time();
            return (datasetId != null ? datasetId.equals(q.datasetId()) : q.categories().contains(category))
                    && (validFrom == null || t.compareTo(validFrom) >= 0)
                    && (validUntil == null || t.compareTo(validUntil) < 0)
                    && sharesOne(purposes, q.purposes())
                    && sharesOne(recipients, q.recipients());
        }

        /** An empty restriction admits any; otherwise one of its values must be asked for. */
        private static boolean sharesOne(String[] restriction, Set<String> asked) {
            if (restriction.length == 0) {
                return true;
            }
            for (String r : restriction) {
                if (asked.contains(r)) {
                    return true;
                }
            }
            return false;
        }
    }
}
