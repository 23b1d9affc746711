package org.sluis.policy.consent;

import java.util.HashMap;
import java.util.Objects;

/**
 * Decides record by record whether a record's subject lets it flow: hashes the raw subject id
 * with the subject key and asks the {@link ConsentView}. One per stream or request; not
 * thread-safe (its memo is a plain map).
 *
 * <p><b>Memo.</b> A stream meets the same subjects again and again, and the keyed hash is the
 * expensive part, so the filter remembers raw id → subject hash, at most {@code memoLimit}
 * entries ({@value #DEFAULT_MEMO_LIMIT} by default; each costs a map node, the 43-character hash
 * and a reference to the record's id, about 150 bytes, so about 2.5 MB at the default). When the
 * memo is full it is emptied and refills with the subjects that follow, so a stream sorted by
 * subject keeps hitting and memory stays bounded whatever the stream's size. It memoises the
 * hash, never the decision: the hash is a pure function of the id, whereas the view may be live,
 * and a revocation must stop the very next record.
 *
 * <p>With {@link ConsentMode#NONE} nothing is hashed or looked up. A record without a subject
 * (a null id) is not admitted under opt-in or opt-out: nobody can tell whose consent applies.
 */
public final class ConsentFilter {
    /** The memo bound when none is given: enough for the distinct subjects of most streams. */
    public static final int DEFAULT_MEMO_LIMIT = 16_384;

    private final ConsentView view;
    private final KeyedHash subjectHasher;
    private final ConsentQuery query;
    private final boolean consulted;
    private final int memoLimit;
    private final HashMap<String, String> memo;

    /**
     * A filter with a memo of at most {@value #DEFAULT_MEMO_LIMIT} subjects.
     *
     * @param view          the consent state to ask
     * @param subjectHasher the keyed hash under the subject key (the one consents were stored under)
     * @param query         the use the stream is for
     */
    public ConsentFilter(ConsentView view, KeyedHash subjectHasher, ConsentQuery query) {
        this(view, subjectHasher, query, DEFAULT_MEMO_LIMIT);
    }

    /**
     * A filter with a memo of at most {@code memoLimit} subjects.
     *
     * @param view          the consent state to ask
     * @param subjectHasher the keyed hash under the subject key (the one consents were stored under)
     * @param query         the use the stream is for
     * @param memoLimit     the most raw ids whose hashes are remembered; 0 hashes every record afresh
     * @throws IllegalArgumentException if {@code memoLimit} is negative
     */
    public ConsentFilter(ConsentView view, KeyedHash subjectHasher, ConsentQuery query, int memoLimit) {
        this.view = Objects.requireNonNull(view, "view");
        this.subjectHasher = Objects.requireNonNull(subjectHasher, "subjectHasher");
        this.query = Objects.requireNonNull(query, "query");
        if (memoLimit < 0) {
            throw new IllegalArgumentException("expected a memo limit of 0 or more, found " + memoLimit);
        }
        this.consulted = query.mode() != ConsentMode.NONE;
        this.memoLimit = memoLimit;
        this.memo = new HashMap<>();
    }

    /**
     * Tells whether a record of this subject may flow.
     *
     * @param rawSubject the subject id as the record carries it (never stored, only hashed); null if the record has none
     * @return true if the record may be delivered
     */
    public boolean admits(String rawSubject) {
        if (!consulted) {
            return true;
        }
        if (rawSubject == null) {
            return false;
        }
        return view.permits(subjectHash(rawSubject), query);
    }

    /** The subject hash, from the memo when it is there. */
    String subjectHash(String rawSubject) {
        if (memoLimit == 0) {
            return subjectHasher.hash(rawSubject);
        }
        String hash = memo.get(rawSubject);
        if (hash == null) {
            hash = subjectHasher.hash(rawSubject);
            if (memo.size() >= memoLimit) {
                memo.clear();
            }
            memo.put(rawSubject, hash);
        }
        return hash;
    }

    /** How many subjects the memo holds now; never more than the limit. */
    int memoSize() {
        return memo.size();
    }
}
