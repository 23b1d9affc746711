package org.sluis.policy.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One use of a dataset's records, as consent is checked against it. The purpose and recipient
 * arrive already widened, so a consent for a broader purpose ({@code scientific-research} for a
 * request made for a narrower one) or for a category of recipients matches without the consent
 * code knowing the vocabularies.
 *
 * @param mode       the dataset's consent mode
 * @param datasetId  the dataset the records belong to
 * @param categories the data categories of the dataset (e.g. its domain); a category consent applies to them
 * @param purposes   the request's purpose and every broader purpose it is a kind of
 * @param recipients the recipient's participant IRI and the categories it belongs to
 * @param time       the moment of use; a consent applies when {@code validFrom <= time < validUntil}
 */
public record ConsentQuery(ConsentMode mode, String datasetId, Set<String> categories, Set<String> purposes,
                           Set<String> recipients, Instant time) {

    /** Checks every component is present and copies the sets. */
    public ConsentQuery {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(time, "time");
        categories = Set.copyOf(categories);
        purposes = Set.copyOf(purposes);
        recipients = Set.copyOf(recipients);
    }
}
