package org.sluis.core.consent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sluis.core.ledger.SubjectHash;

/**
 * A consent as the exchange keeps it: the subject only as its keyed hash.
 *
 * @param id          the consent id
 * @param custodian   the participant that recorded it
 * @param subject     the subject's keyed hash
 * @param datasetId   the dataset it is about, or empty when it is about a category
 * @param category    the data category it is about, or empty when it is about a dataset
 * @param purposes    the purposes it covers; empty: any
 * @param recipients  the recipients (participant IRIs or categories) it covers; empty: any
 * @param validFrom   from when (inclusive), if limited
 * @param validUntil  until when (exclusive), if limited
 * @param decision    {@code permit} or {@code deny}
 * @param source      where it came from: {@code api} or {@code fhir:Consent/<id>}
 * @param revokedAt   when it was revoked, if it was
 * @param createdAt   when it was recorded
 */
public record StoredConsent(String id, String custodian, SubjectHash subject, Optional<String> datasetId, Optional<String> category,
                            List<String> purposes, List<String> recipients, Optional<Instant> validFrom, Optional<Instant> validUntil,
                            String decision, String source, Optional<Instant> revokedAt, Instant createdAt) {
    /** Checks the components. */
    public StoredConsent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        purposes = List.copyOf(purposes);
        recipients = List.copyOf(recipients);
        if (datasetId.isPresent() == category.isPresent()) {
            throw new IllegalArgumentException("a consent is about a dataset or a category, exactly one");
        }
        if (!decision.equals("permit") && !decision.equals("deny")) {
            throw new IllegalArgumentException("expected decision permit or deny, found " + decision);
        }
    }

    /** The API representation; the subject appears as its hash only. */
    public ObjectNode json() {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", id).put("custodian", custodian).put("subjectHash", subject.value());
        datasetId.ifPresent(d -> out.put("datasetId", d));
        category.ifPresent(c -> out.put("category", c));
        ArrayNode p = out.putArray("purposes");
        purposes.forEach(p::add);
        ArrayNode r = out.putArray("recipients");
        recipients.forEach(r::add);
        out.put("validFrom", validFrom.map(Instant::toString).orElse(null)).put("validUntil", validUntil.map(Instant::toString).orElse(null))
                .put("decision", decision).put("source", source).put("status", revokedAt.isPresent() ? "revoked" : "active")
                .put("createdAt", createdAt.toString());
        revokedAt.ifPresent(t -> out.put("revokedAt", t.toString()));
        return out;
    }
}
