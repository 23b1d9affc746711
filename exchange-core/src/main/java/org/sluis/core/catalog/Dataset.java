package org.sluis.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;

/**
 * A dataset as the exchange holds it.
 *
 * @param id        the dataset id
 * @param provider  the providing participant
 * @param status    {@code published} or {@code withdrawn}
 * @param version   1 when published, one more with every change
 * @param document  the public description (see {@link DatasetSpec#publicJson}): never holds a secret
 * @param source    the source connector configuration, secrets included: never returned by any endpoint
 * @param createdAt when it was published
 * @param updatedAt when it last changed
 */
public record Dataset(String id, String provider, String status, int version, ObjectNode document, ObjectNode source,
                      Instant createdAt, Instant updatedAt) {
    /** Status of a dataset in the catalog. */
    public static final String PUBLISHED = "published";
    /** Status of a dataset taken out of the catalog; existing agreements stay in force. */
    public static final String WITHDRAWN = "withdrawn";
    private static final OdrlCodec ODRL = new OdrlCodec();

    /** Checks the components. */
    public Dataset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        if (!status.equals(PUBLISHED) && !status.equals(WITHDRAWN)) {
            throw new IllegalArgumentException("expected status published or withdrawn, found " + status);
        }
    }

    /**
     * One offer of the dataset.
     *
     * @param id         the offer id, unique within the dataset
     * @param policy     the ODRL Offer
     * @param autoAccept whether requests that fit it are agreed at once
     * @param json       its public description
     */
    public record Offer(String id, Policy policy, boolean autoAccept, ObjectNode json) {
    }

    /** The offer {@code offerId}, if the dataset has it. */
    public Optional<Offer> offer(String offerId) {
        for (JsonNode o : document.path("offers")) {
            if (o.path("id").asText().equals(offerId)) {
                return Optional.of(offer((ObjectNode) o));
            }
        }
        return Optional.empty();
    }

    /** Every offer, in the order the provider gave them. */
    public List<Offer> offers() {
        List<Offer> all = new ArrayList<>();
        document.path("offers").forEach(o -> all.add(offer((ObjectNode) o)));
        return all;
    }

    private static Offer offer(ObjectNode o) {
        PolicyRead read = ODRL.read(o.get("policy"));
        if (!(read instanceof PolicyRead.Valid v)) {
            // The exchange wrote it after validating it; a stored offer that no longer reads is corruption.
            throw new IllegalStateException("stored offer " + o.path("id").asText() + " is not valid ODRL: " + read);
        }
        return new Offer(o.path("id").asText(), v.policy(), o.path("autoAccept").asBoolean(false), o);
    }

    /** The public description with its status, version and times, for the provider and the operator. */
    public ObjectNode json() {
        ObjectNode out = document.deepCopy();
        out.put("status", status).put("version", version).put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
        return out;
    }

    /** The catalog entry for a consumer: title, domain, provider and only the offers it could accept. */
    public ObjectNode catalogJson(String consumerIri) {
        ObjectNode out = document.objectNode();
        out.put("id", id).put("title", document.path("title").asText()).put("description", document.path("description").asText())
                .put("domain", document.path("domain").asText()).put("provider", provider);
        out.set("fields", document.path("fields").deepCopy());
        out.set("consent", document.path("consent").deepCopy());
        ArrayNode offers = out.putArray("offers");
        for (Offer o : offers()) {
            if (consumerIri == null || OfferFit.visibleTo(o.policy(), consumerIri)) {
                ObjectNode item = offers.addObject().put("id", o.id());
                if (o.json().has("template")) {
                    item.set("template", o.json().get("template"));
                    item.set("templateVersion", o.json().get("templateVersion"));
                }
                item.put("autoAccept", o.autoAccept());
                item.set("policy", o.json().get("policy").deepCopy());
            }
        }
        return out;
    }
}
