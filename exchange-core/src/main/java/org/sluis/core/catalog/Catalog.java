package org.sluis.core.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.Rule;
import org.sluis.core.Refusal;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.ParticipantStore;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * The catalog: providers publish, change and withdraw datasets; participants find them. Blocking:
 * call from the database worker pool.
 *
 * <p>Every change runs in one transaction that stays open until its ledger entry is durable, so
 * no other request can see (or negotiate on) a dataset state the ledger does not hold yet, and a
 * change the ledger cannot record is rolled back. The entry's {@code contentSha256} is the
 * SHA-256 of the RFC 8785 form of the public description, which anyone allowed to read the
 * dataset can recompute.
 */
public final class Catalog {
    /** The most items one catalog page holds. */
    public static final int MAX_PAGE = 100;

    private final DSLContext dsl;
    private final Ledger ledger;
    private final ParticipantStore participants;
    private final Clock clock;

    /** A catalog over {@code dsl}, logging to {@code ledger}. */
    public Catalog(DSLContext dsl, Ledger ledger, ParticipantStore participants, Clock clock) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.participants = participants;
        this.clock = clock;
    }

    /**
     * Publishes a new dataset of {@code provider}.
     *
     * @throws Refusal CONFLICT if the id is taken; INVALID if an offer names a recipient that is not a participant
     */
    public Dataset publish(DatasetSpec spec, String provider, String requestId) {
        checkRecipients(spec);
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Instant now = clock.instant();
            Dataset d = new Dataset(spec.id(), provider, Dataset.PUBLISHED, 1, spec.publicJson(provider), spec.source().toJson(), now, now);
            if (!DatasetStore.insert(tx, d)) {
                throw Refusal.conflict("A dataset with id '" + spec.id() + "' exists already.", Map.of("id", spec.id()));
            }
            log(d, "published", provider, requestId);
            return d;
        });
    }

    /**
     * Replaces a dataset's description, source and offers. Offers changed here apply to new
     * negotiations; agreements already made keep the offer they were made under.
     *
     * @throws Refusal NOT_FOUND, FORBIDDEN (not the provider), CONFLICT (withdrawn) or INVALID
     */
    public Dataset update(String id, DatasetSpec spec, Caller caller, String requestId) {
        checkRecipients(spec);
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Dataset current = owned(tx, id, caller);
            if (current.status().equals(Dataset.WITHDRAWN)) {
                throw Refusal.conflict("Dataset '" + id + "' is withdrawn; publish it under a new id.", Map.of("status", current.status()));
            }
            Dataset d = new Dataset(id, current.provider(), Dataset.PUBLISHED, current.version() + 1,
                    spec.publicJson(current.provider()), spec.source().toJson(), current.createdAt(), clock.instant());
            log(d, "changed", caller.participantId(), requestId);
            DatasetStore.update(tx, d);
            return d;
        });
    }

    /**
     * Takes a dataset out of the catalog: no new negotiations; agreements already made stay in
     * force until they end or are terminated.
     *
     * @throws Refusal NOT_FOUND, FORBIDDEN (not the provider) or CONFLICT (already withdrawn)
     */
    public Dataset withdraw(String id, Caller caller, String requestId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Dataset current = owned(tx, id, caller);
            if (current.status().equals(Dataset.WITHDRAWN)) {
                throw Refusal.conflict("Dataset '" + id + "' is withdrawn already.", Map.of("status", current.status()));
            }
            Dataset d = new Dataset(id, current.provider(), Dataset.WITHDRAWN, current.version() + 1, current.document(),
                    current.source(), current.createdAt(), clock.instant());
            log(d, "withdrawn", caller.participantId(), requestId);
            DatasetStore.update(tx, d);
            return d;
        });
    }

    /** The dataset with {@code id}, in any status. */
    public Optional<Dataset> find(String id) {
        return DatasetStore.find(dsl, id);
    }

    /**
     * The dataset as {@code caller} may see it: in full (without secrets) for its provider, the
     * operator and auditors; as a catalog entry with only the offers the caller could accept for
     * anyone else, and not at all once withdrawn or when no offer is open to the caller.
     */
    public ObjectNode view(String id, Caller caller) {
        Dataset d = find(id).orElseThrow(() -> Refusal.notFound("There is no dataset '" + id + "'."));
        if (seesAll(d, caller)) {
            return d.json();
        }
        ObjectNode entry = d.catalogJson(Iris.participant(caller.participantId()));
        if (d.status().equals(Dataset.WITHDRAWN) || entry.path("offers").isEmpty()) {
            throw Refusal.notFound("There is no dataset '" + id + "'.");
        }
        return entry;
    }

    /**
     * A page of the catalog as {@code caller} sees it: published datasets with at least one offer
     * open to the caller, each with only those offers. {@code after} is the cursor (the last id of
     * the previous page, empty for the first).
     */
    public Page list(Optional<String> domain, Optional<String> provider, Optional<String> text, String after, int limit, Caller caller) {
        String callerIri = caller.hasAny(Role.OPERATOR, Role.AUDITOR) ? null : Iris.participant(caller.participantId());
        List<ObjectNode> items = new ArrayList<>(limit);
        String cursor = after;
        // Hidden datasets are skipped, so read on until the page is full or the catalog ends.
        while (true) {
            List<Dataset> batch = DatasetStore.page(dsl, domain, provider, text, cursor, limit);
            for (Dataset d : batch) {
                cursor = d.id();
                ObjectNode entry = d.catalogJson(d.provider().equals(caller.participantId()) ? null : callerIri);
                if (!entry.path("offers").isEmpty()) {
                    items.add(entry);
                    if (items.size() == limit) {
                        boolean more = !DatasetStore.page(dsl, domain, provider, text, cursor, 1).isEmpty();
                        return new Page(items, more ? Optional.of(cursor) : Optional.empty());
                    }
                }
            }
            if (batch.size() < limit) {
                return new Page(items, Optional.empty());
            }
        }
    }

    /** The datasets of {@code provider}, any status, for its data stewards. */
    public List<Dataset> ofProvider(String provider, String after, int limit) {
        return DatasetStore.ofProvider(dsl, provider, after, limit);
    }

    /**
     * One catalog page.
     *
     * @param items the entries
     * @param next  the cursor for the next page, empty on the last
     */
    public record Page(List<ObjectNode> items, Optional<String> next) {
    }

    private static boolean seesAll(Dataset d, Caller caller) {
        return d.provider().equals(caller.participantId()) || caller.hasAny(Role.OPERATOR, Role.AUDITOR);
    }

    private static Dataset owned(DSLContext tx, String id, Caller caller) {
        Dataset current = DatasetStore.lock(tx, id).orElseThrow(() -> Refusal.notFound("There is no dataset '" + id + "'."));
        if (!current.provider().equals(caller.participantId())) {
            throw Refusal.forbidden("Dataset '" + id + "' belongs to " + current.provider() + "; only its provider may change it.");
        }
        return current;
    }

    private void log(Dataset d, String change, String actor, String requestId) {
        String sha256 = HexFormat.of().formatHex(sha256(CanonicalJson.canonicalize(d.document())));
        ledger.appendDurably(List.of(new LedgerEvent.DatasetChanged(d.provider(), d.id(), change, sha256)), actor, requestId);
    }

    /** An offer restricted to a named participant must name one the exchange knows, or nobody could ever accept it. */
    private void checkRecipients(DatasetSpec spec) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < spec.offers().size(); i++) {
            for (Rule.Permission p : spec.offers().get(i).policy().permissions()) {
                for (Constraint c : p.constraints()) {
                    if (c instanceof Constraint.Atomic a && a.leftOperand().equals(LeftOperands.RECIPIENT)) {
                        for (String iri : OfferFit.values(a.rightOperand())) {
                            Optional<String> id = Iris.participantId(iri);
                            if (id.isPresent() && participants.find(id.get()).isEmpty()) {
                                problems.add(new Problem("/offers/" + i, "the offer names recipient '" + id.get()
                                        + "', which is not a participant of this exchange"));
                            }
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
