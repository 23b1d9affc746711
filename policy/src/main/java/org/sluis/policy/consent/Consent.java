package org.sluis.policy.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One data subject's recorded permission or denial, as the {@link ConsentIndex} holds it: the
 * subject only as its keyed hash, about one dataset or one data category.
 *
 * @param subjectHash the subject's keyed hash: base64url without padding of an HMAC-SHA-256 (43 characters)
 * @param datasetId   the dataset it is about, or empty when it is about a category
 * @param category    the data category it is about, or empty when it is about a dataset
 * @param purposes    the purposes it covers; empty: any purpose
 * @param recipients  the recipients (participant IRIs or participant categories) it covers; empty: any recipient
 * @param validFrom   from when it applies (inclusive), if limited
 * @param validUntil  until when it applies (exclusive), if limited
 * @param permit      true for a permission, false for a denial
 */
public record Consent(String subjectHash, Optional<String> datasetId, Optional<String> category, Set<String> purposes,
                      Set<String> recipients, Optional<Instant> validFrom, Optional<Instant> validUntil, boolean permit) {
    private static final Pattern HASH = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * The rank {@link ConsentIndex} orders consents by: a dataset consent ({@value}) outranks any
     * category consent, whatever else either restricts.
     */
    public static final int DATASET_RANK = 4;

    /**
     * Checks the subject is a hash (never a raw id), that exactly one of dataset and category is
     * given, that the period is not empty, and copies the sets.
     */
    public Consent {
        if (subjectHash == null || !HASH.matcher(subjectHash).matches()) {
            throw new IllegalArgumentException("expected a subject hash (base64url HMAC-SHA-256, 43 characters), found " + subjectHash);
        }
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        if (datasetId.isPresent() == category.isPresent()) {
            throw new IllegalArgumentException("expected a consent about a dataset or a category, exactly one; found dataset "
                    + datasetId.orElse("(none)") + " and category " + category.orElse("(none)"));
        }
        purposes = Set.copyOf(purposes);
        recipients = Set.copyOf(recipients);
        if (validFrom.isPresent() && validUntil.isPresent() && !validFrom.get().isBefore(validUntil.get())) {
            throw new IllegalArgumentException("expected validFrom before validUntil, found " + validFrom.get() + " and " + validUntil.get());
        }
    }

    /**
     * How specific this consent is; among consents that apply the highest decides. A dataset
     * consent counts {@link #DATASET_RANK}, a category consent 0; each restricted dimension
     * (purposes non-empty, recipients non-empty) adds one. So every dataset consent (4 to 6)
     * outranks every category consent (0 to 2), and within each, restricting both purposes and
     * recipients outranks restricting one, which outranks restricting neither. The period does
     * not count: it limits when a consent applies, not what it is about.
     *
     * @return 0 to 6
     */
    public int specificity() {
        return (datasetId.isPresent() ? DATASET_RANK : 0) + (purposes.isEmpty() ? 0 : 1) + (recipients.isEmpty() ? 0 : 1);
    }

    /**
     * Tells whether this consent applies to a use, whoever it is about: the dataset is the
     * query's (or the category one of its categories), the purposes and recipients are any or
     * share one with the query's, and {@code validFrom <= time < validUntil}.
     *
     * @param query the use
     * @return true if this consent speaks about that use
     */
    public boolean appliesTo(ConsentQuery query) {
        boolean about = datasetId.isPresent() ? datasetId.get().equals(query.datasetId()) : query.categories().contains(category.get());
        return about && (purposes.isEmpty() || purposes.stream().anyMatch(query.purposes()::contains))
                && (recipients.isEmpty() || recipients.stream().anyMatch(query.recipients()::contains))
                && validFrom.map(f -> !query.time().isBefore(f)).orElse(true)
                && validUntil.map(u -> query.time().isBefore(u)).orElse(true);
    }
}
