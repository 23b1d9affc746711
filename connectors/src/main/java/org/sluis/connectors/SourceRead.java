package org.sluis.connectors;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One read of a source for one transfer: which fields are wanted (a source that can project
 * pushes this down; others yield everything and the pipeline drops the rest), at most how many
 * records, from where on, on whose behalf (sent upstream so the provider can audit too), and
 * which subjects' records consent keeps out. {@code ObligationPipeline.sourceRead} turns the
 * consumer's request into the read a source gets.
 *
 * @param fields      the fields wanted; empty means all
 * @param limit       the most records wanted; empty means all
 * @param since       a resume point: records after this value of the source's order key (e.g. an id or a time), if given
 * @param agreementId the agreement the transfer runs under
 * @param consumer    the consuming participant's id
 * @param transferId  the transfer's id
 * @param consent     the consent filter, for a source that can apply it before the records leave the provider (see
 *                    {@link ConsentPushdown}); empty when the transfer has none
 */
public record SourceRead(Set<String> fields, Optional<Long> limit, Optional<String> since, String agreementId, String consumer,
                         String transferId, Optional<ConsentPushdown> consent) {

    /** A read without a consent filter to push down. */
    public SourceRead(Set<String> fields, Optional<Long> limit, Optional<String> since, String agreementId, String consumer,
                      String transferId) {
        this(fields, limit, since, agreementId, consumer, transferId, Optional.empty());
    }

    /** Checks every component is present and the limit is positive. */
    public SourceRead {
        fields = Set.copyOf(fields);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(consent, "consent");
        if (limit.isPresent() && limit.get() < 1) {
            throw new IllegalArgumentException("expected a positive limit, found " + limit.get());
        }
    }
}
