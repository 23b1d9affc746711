package org.sluis.policy;

import org.sluis.policy.consent.ConsentMode;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facts about a dataset a decision needs.
 *
 * @param datasetId   the dataset's id, as consent records name it
 * @param domain      its data category, e.g. {@code health}; a category consent applies to it
 * @param consentMode whether its records depend on the subjects' consent
 * @param subjectField the field holding the data subject's identifier; required unless the mode is
 *                    {@link ConsentMode#NONE}
 * @param fields      the names of its fields; a duty naming a field outside them cannot be fulfilled
 */
public record DatasetContext(String datasetId, String domain, ConsentMode consentMode, Optional<String> subjectField,
                             Set<String> fields) {

    /** Checks every component is present and a consent-checked dataset names its subject field among its fields. */
    public DatasetContext {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(consentMode, "consentMode");
        Objects.requireNonNull(subjectField, "subjectField");
        fields = Set.copyOf(fields);
        if (consentMode != ConsentMode.NONE) {
            String field = subjectField.orElseThrow(() -> new IllegalArgumentException("expected a subjectField for"
                    + " dataset " + datasetId + " with consent mode " + consentMode.wire() + ", found none"));
            if (!fields.contains(field)) {
                throw new IllegalArgumentException("expected subjectField '" + field + "' to be a field of dataset "
                        + datasetId + ", found fields " + new TreeSet<>(fields));
            }
        }
    }
}
