package org.sluis.core.negotiation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An agreement the exchange signed as notary, and where it stands.
 *
 * @param id            the agreement id ({@code urn:sluis:agreement:<id>} in the ODRL)
 * @param negotiationId the negotiation it concluded
 * @param datasetId     the dataset
 * @param offerId       the offer it was made under
 * @param provider      the assigner
 * @param consumer      the assignee
 * @param purpose       the purpose agreed
 * @param canonical     the RFC 8785 form of the ODRL Agreement: exactly the signed payload
 * @param signature     the JWS compact serialisation by the notary key
 * @param sha256        hex SHA-256 of {@code canonical}, as the ledger records it
 * @param ledgerIndex   the index of its {@code agreement.signed} ledger entry
 * @param signedAt      when it was signed (the Agreement's {@code dct:issued})
 * @param validUntil    when its time constraints end, if they do
 * @param status        {@code active}, {@code terminated} or {@code revoked}
 * @param endedBy       who terminated or revoked it
 * @param endReason     why
 * @param endedAt       when
 */
public record Agreement(String id, String negotiationId, String datasetId, String offerId, String provider, String consumer,
                        String purpose, String canonical, String signature, String sha256, long ledgerIndex, Instant signedAt,
                        Optional<Instant> validUntil, String status, Optional<String> endedBy, Optional<String> endReason,
                        Optional<Instant> endedAt) {
    /** In force. */
    public static final String ACTIVE = "active";
    /** Ended early by a party. */
    public static final String TERMINATED = "terminated";
    /** Ended by the operator. */
    public static final String REVOKED = "revoked";
    /** Its time constraints have ended (derived, never stored). */
    public static final String EXPIRED = "expired";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the components. */
    public Agreement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(endedBy, "endedBy");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    /** Its status at {@code now}: {@code expired} once an active agreement's time constraints have ended. */
    public String statusAt(Instant now) {
        return status.equals(ACTIVE) && validUntil.isPresent() && !now.isBefore(validUntil.get()) ? EXPIRED : status;
    }

    /** Whether it is in force at {@code now}. */
    public boolean inForce(Instant now) {
        return statusAt(now).equals(ACTIVE);
    }

    /** The same agreement ended by {@code by}. */
    Agreement ended(String newStatus, String by, String reason, Instant at) {
        return new Agreement(id, negotiationId, datasetId, offerId, provider, consumer, purpose, canonical, signature, sha256,
                ledgerIndex, signedAt, validUntil, newStatus, Optional.of(by), Optional.ofNullable(reason), Optional.of(at));
    }

    /**
     * The API representation ({@code ../shared/API.md}: id, agreement, signature, ledgerIndex) with its standing at {@code now}.
     */
    public ObjectNode json(Instant now) {
        ObjectNode out = JSON.createObjectNode().put("id", id);
        try {
            out.set("agreement", JSON.readTree(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored agreement " + id + " is not JSON: " + e.getOriginalMessage(), e);
        }
        out.put("signature", signature).put("ledgerIndex", ledgerIndex).put("sha256", sha256)
                .put("status", statusAt(now)).put("negotiationId", negotiationId).put("datasetId", datasetId)
                .put("offerId", offerId).put("provider", provider).put("consumer", consumer).put("purpose", purpose)
                .put("signedAt", signedAt.toString()).put("validUntil", validUntil.map(Instant::toString).orElse(null));
        endedBy.ifPresent(b -> out.put("endedBy", b));
        endReason.ifPresent(r -> out.put("endReason", r));
        endedAt.ifPresent(t -> out.put("endedAt", t.toString()));
        return out;
    }
}
