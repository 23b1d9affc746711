package org.sluis.core.negotiation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.sluis.contracts.negotiation.NegotiationState;
import org.sluis.contracts.negotiation.Party;

/**
 * A contract negotiation between a consumer and the provider of one dataset offer.
 *
 * @param id           the negotiation id
 * @param datasetId    the dataset
 * @param offerId      the offer requested
 * @param provider     the providing participant
 * @param consumer     the requesting participant
 * @param purpose      the purpose the consumer stated
 * @param state        where it stands (Dataspace Protocol states)
 * @param offerPolicy  the Offer (compact ODRL JSON) as it stood when requested: what is agreed
 * @param agreementId  the agreement, from AGREED on
 * @param terminatedBy the participant that terminated it, if it was
 * @param reason       the reason given for termination, if any
 * @param createdAt    when it was requested
 * @param updatedAt    when it last moved
 */
public record Negotiation(String id, String datasetId, String offerId, String provider, String consumer, String purpose,
                          NegotiationState state, String offerPolicy, Optional<String> agreementId, Optional<String> terminatedBy,
                          Optional<String> reason, Instant createdAt, Instant updatedAt) {
    /** Checks the components. */
    public Negotiation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(terminatedBy, "terminatedBy");
        Objects.requireNonNull(reason, "reason");
    }

    /** The same negotiation moved to {@code next} at {@code at}. */
    Negotiation moved(NegotiationState next, Optional<String> agreement, Optional<String> by, Optional<String> why, Instant at) {
        return new Negotiation(id, datasetId, offerId, provider, consumer, purpose, next, offerPolicy,
                agreement.or(() -> agreementId), by, why, createdAt, at);
    }

    /** The role {@code participant} plays in it, if it is a party. */
    public Optional<Party> partyOf(String participant) {
        if (participant.equals(provider)) {
            return Optional.of(Party.PROVIDER);
        }
        return participant.equals(consumer) ? Optional.of(Party.CONSUMER) : Optional.empty();
    }

    /** The API representation. */
    public ObjectNode json() {
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("id", id).put("state", state.name()).put("datasetId", datasetId).put("offerId", offerId)
                .put("consumer", consumer).put("provider", provider).put("purpose", purpose)
                .put("agreementId", agreementId.orElse(null));
        terminatedBy.ifPresent(b -> out.put("terminatedBy", b));
        reason.ifPresent(r -> out.put("reason", r));
        return out.put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
    }
}
