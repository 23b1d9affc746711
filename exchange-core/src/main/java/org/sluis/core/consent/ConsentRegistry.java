package org.sluis.core.consent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Catalog;
import org.sluis.core.catalog.Dataset;
import org.sluis.core.identity.Caller;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.store.Notifications;

/**
 * Records and revokes consent on behalf of custodians. Blocking: call from the database worker pool.
 *
 * <p>A batch is all or nothing: it is checked whole, inserted in one transaction, and committed
 * only once every one of its ledger entries (one per consent, subject as keyed hash) is durable.
 * A custodian records consent only for its own datasets (or for categories, which apply to its own
 * datasets), so no participant can open or close another's data.
 */
public final class ConsentRegistry {
    /** The most consents one request may record. */
    public static final int MAX_BATCH = 10_000;

    private final DSLContext dsl;
    private final Ledger ledger;
    private final Catalog catalog;
    private final SubjectKey subjects;
    private final Clock clock;

    /** A registry over {@code dsl}, logging to {@code ledger}. */
    public ConsentRegistry(DSLContext dsl, Ledger ledger, Catalog catalog, SubjectKey subjects, Clock clock) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.catalog = catalog;
        this.subjects = subjects;
        this.clock = clock;
    }

    /**
     * One consent as a custodian states it.
     *
     * @param subject    the pseudonymous subject id as the custodian knows it (hashed before it is stored)
     * @param datasetId  the dataset, or empty for a category
     * @param category   the category, or empty for a dataset
     * @param purposes   purposes covered; empty: any
     * @param recipients participant ids, IRIs or categories covered; empty: any
     * @param validFrom  from (inclusive)
     * @param validUntil until (exclusive)
     * @param decision   {@code permit} or {@code deny}
     */
    public record Statement(String subject, Optional<String> datasetId, Optional<String> category, List<String> purposes,
                            List<String> recipients, Optional<Instant> validFrom, Optional<Instant> validUntil, String decision) {
    }

    /**
     * Records a batch, all or nothing.
     *
     * @param source where the statements come from ({@code api}, or the FHIR resource ids)
     * @throws Refusal INVALID (with pointers {@code /consents/i/...}) if any statement names a dataset that is not the caller's
     */
    public List<StoredConsent> record(List<Statement> statements, List<String> source, Caller custodian, String requestId) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            Optional<String> datasetId = statements.get(i).datasetId();
            if (datasetId.isPresent() && !ownDataset(datasetId.get(), custodian.participantId())) {
                problems.add(new Problem("/consents/" + i + "/datasetId", "'" + datasetId.get()
                        + "' is not a dataset of " + custodian.participantId() + "; a custodian records consent for its own datasets"));
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<StoredConsent> consents = new ArrayList<>(statements.size());
        List<LedgerEvent> events = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Statement s = statements.get(i);
            StoredConsent c = new StoredConsent(UUID.randomUUID().toString(), custodian.participantId(),
                    subjects.hash(custodian.participantId(), s.subject()), s.datasetId(), s.category(), s.purposes(), s.recipients(),
                    s.validFrom(), s.validUntil(), s.decision(), source.get(i), Optional.empty(), now);
            consents.add(c);
            events.add(event(c, c.decision()));
        }
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            ConsentStore.insertAll(tx, consents);
            ledger.appendDurably(events, custodian.participantId(), requestId);
            Notifications.send(tx, ConsentCache.CHANNEL, custodian.participantId());
            return consents;
        });
    }

    /**
     * Revokes a consent the caller recorded; it stops counting for the next record streamed.
     *
     * @throws Refusal NOT_FOUND (none of the caller's), CONFLICT (revoked already)
     */
    public StoredConsent revoke(String id, Caller custodian, String requestId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            StoredConsent c = ConsentStore.lock(tx, id).filter(found -> found.custodian().equals(custodian.participantId()))
                    .orElseThrow(() -> Refusal.notFound("There is no consent '" + id + "' of yours."));
            if (c.revokedAt().isPresent()) {
                throw Refusal.conflict("Consent " + id + " is revoked already.", Map.of("status", "revoked"));
            }
            ledger.appendDurably(List.of(event(c, "revoked")), custodian.participantId(), requestId);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            ConsentStore.revoke(tx, id, now);
            Notifications.send(tx, ConsentCache.CHANNEL, custodian.participantId());
            return new StoredConsent(c.id(), c.custodian(), c.subject(), c.datasetId(), c.category(), c.purposes(), c.recipients(),
                    c.validFrom(), c.validUntil(), c.decision(), c.source(), Optional.of(now), c.createdAt());
        });
    }

    /** The consents the caller recorded for {@code subject} (hashed for the lookup), oldest first. */
    public List<StoredConsent> ofSubject(String subject, Caller custodian) {
        return ConsentStore.ofSubject(dsl, custodian.participantId(), subjects.hash(custodian.participantId(), subject));
    }

    private boolean ownDataset(String datasetId, String custodian) {
        return catalog.find(datasetId).map(Dataset::provider).filter(custodian::equals).isPresent();
    }

    private static LedgerEvent event(StoredConsent c, String decision) {
        return new LedgerEvent.ConsentChanged(c.id(), c.custodian(), c.subject(), c.datasetId().orElse(null), c.category().orElse(null),
                c.purposes(), c.recipients(), decision);
    }
}
