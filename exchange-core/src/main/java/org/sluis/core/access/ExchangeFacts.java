package org.sluis.core.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sluis.core.catalog.Iris;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.Participant;
import org.sluis.core.identity.ParticipantRegistry;
import org.sluis.core.negotiation.Agreement;
import org.sluis.core.negotiation.Agreements;

/**
 * The exchange's live state as policies outside it need it: the agreements in force and every
 * participant's standing. It is the {@code data.json} of the OPA bundle, so a provider's own OPA
 * decides on the same facts as the exchange. Blocking: call from the database worker pool.
 *
 * <p>A participant sees the agreements it is a party to (the operator and auditors see all);
 * participants' standings are not secret within the exchange, and a provider needs them to refuse
 * a suspended consumer.
 */
public final class ExchangeFacts {
    private static final int PAGE = 500;

    private final Agreements agreements;
    private final ParticipantRegistry participants;

    /** Facts read from these stores. */
    public ExchangeFacts(Agreements agreements, ParticipantRegistry participants) {
        this.agreements = agreements;
        this.participants = participants;
    }

    /**
     * The facts for {@code caller} at {@code now}, in the shape {@code policy/src/main/rego/README.md}
     * documents: {@code {"agreements": {id: {"status", "datasetId", "offerId", "purpose", "assigner",
     * "assignee", "concluded", "validFrom", "validUntil"?}}, "participants": {IRI: {"status", "region",
     * "roles", "categories"}}}}, members in id order so equal facts give equal bytes.
     */
    public ObjectNode of(Caller caller, Instant now) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode byId = out.putObject("agreements");
        for (Agreement a : agreements.inForce(caller, now)) {
            ObjectNode one = byId.putObject(a.id()).put("status", Agreement.ACTIVE).put("datasetId", a.datasetId())
                    .put("offerId", a.offerId()).put("purpose", a.purpose()).put("assigner", Iris.participant(a.provider()))
                    .put("assignee", Iris.participant(a.consumer())).put("concluded", a.signedAt().toString())
                    .put("validFrom", a.signedAt().toString()).put("sha256", a.sha256());
            a.validUntil().ifPresent(t -> one.put("validUntil", t.toString()));
        }
        ObjectNode standing = out.putObject("participants");
        String after = "";
        List<Participant> page;
        do {
            page = participants.list(after, PAGE);
            for (Participant p : page) {
                ObjectNode one = standing.putObject(Iris.participant(p.id())).put("status", p.status().name().toLowerCase(Locale.ROOT))
                        .put("region", p.region());
                ArrayNode roles = one.putArray("roles");
                p.roles().stream().map(Enum::name).sorted().forEach(roles::add);
                ArrayNode categories = one.putArray("categories");
                p.categories().stream().sorted().forEach(categories::add);
                after = p.id();
            }
        } while (page.size() == PAGE);
        return out;
    }
}
