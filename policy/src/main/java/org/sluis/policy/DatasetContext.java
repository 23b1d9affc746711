package org.sluis.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sluis.policy.consent.ConsentMode;

/**
 * The facts about a dataset a decision needs.
 *
 * @param datasetId   the dataset's id, as consent records name it
 * @param domain      its data category, e.g. {@code health}; a category consent applies to it
 * @param consentMode whether its records depend on the subjects' consent
 * @param subjectField the field holding the data subject's identifier; required unless the mode is
 *                    {@link ConsentMode#NONE}
 * @param fields      the names of its fields; a duty naming a field outside them cannot be fulfilled
 * @param categories  the data categories a category consent may name to cover it: its domain, and
 *                    e.g. {@code fhir:Observation} for a FHIR source of Observations
 */
public record DatasetContext(String datasetId, String domain, ConsentMode consentMode, Optional<String> subjectField,
                             Set<String> fields, Set<String> categories) {

    /** A dataset whose only category is its domain. */
    public DatasetContext(String datasetId, String domain, ConsentMode consentMode, Optional<String> subjectField, Set<String> fields) {
        this(datasetId, domain, consentMode, subjectField, fields, Set.of(domain));
    }

    /** Checks every component is present, the categories include the domain, and a consent-checked dataset names its subject field among its fields. */
    public DatasetContext {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(consentMode, "consentMode");
        Objects.requireNonNull(subjectField, "subjectField");
        fields = Set.copyOf(fields);
        categories = Set.copyOf(categories);
        if (!categories.contains(domain)) {
            throw new IllegalArgumentException("expected the categories of dataset " + datasetId + " to include its domain '"
                    + domain + "', found " + new TreeSet<>(categories));
        }
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
