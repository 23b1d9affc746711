package org.sluis.core.negotiation;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.AGREEMENT;
import static org.sluis.core.store.schema.Tables.NEGOTIATION;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.sluis.contracts.negotiation.NegotiationState;
import org.sluis.core.store.Timestamps;
import org.sluis.core.store.schema.tables.records.AgreementRecord;
import org.sluis.core.store.schema.tables.records.NegotiationRecord;

/** Negotiations and agreements in PostgreSQL. Blocking: call from the database worker pool, inside the caller's transaction. */
final class NegotiationStore {

    /** Which of a participant's negotiations or agreements to list. */
    enum Side { PROVIDER, CONSUMER, EITHER }

    private NegotiationStore() {
    }

    static void insert(DSLContext tx, Negotiation n) {
        tx.insertInto(NEGOTIATION).set(record(n)).execute();
    }

    static void update(DSLContext tx, Negotiation n) {
        tx.update(NEGOTIATION).set(record(n)).where(NEGOTIATION.ID.eq(n.id())).execute();
    }

    static Optional<Negotiation> find(DSLContext dsl, String id) {
        return dsl.selectFrom(NEGOTIATION).where(NEGOTIATION.ID.eq(id)).fetchOptional().map(NegotiationStore::negotiation);
    }

    /** The negotiation, locked until the transaction ends: moves on one negotiation happen one at a time. */
    static Optional<Negotiation> lock(DSLContext tx, String id) {
        return tx.selectFrom(NEGOTIATION).where(NEGOTIATION.ID.eq(id)).forUpdate().fetchOptional().map(NegotiationStore::negotiation);
    }

    /** Up to {@code limit} of {@code participant}'s negotiations with id after {@code after}, by id. */
    static List<Negotiation> list(DSLContext dsl, String participant, Side side, Optional<NegotiationState> state, String after, int limit) {
        Condition where = switch (side) {
            case PROVIDER -> NEGOTIATION.PROVIDER.eq(participant);
            case CONSUMER -> NEGOTIATION.CONSUMER.eq(participant);
            case EITHER -> NEGOTIATION.PROVIDER.eq(participant).or(NEGOTIATION.CONSUMER.eq(participant));
        };
        where = where.and(NEGOTIATION.ID.gt(after));
        where = state.map(s -> NEGOTIATION.STATE.eq(s.name())).map(where::and).orElse(where);
        return dsl.selectFrom(NEGOTIATION).where(where).orderBy(NEGOTIATION.ID).limit(limit).fetch(NegotiationStore::negotiation);
    }

    static void insert(DSLContext tx, Agreement a) {
        tx.insertInto(AGREEMENT).set(record(a)).execute();
    }

    static void update(DSLContext tx, Agreement a) {
        tx.update(AGREEMENT).set(record(a)).where(AGREEMENT.ID.eq(a.id())).execute();
    }

    static Optional<Agreement> findAgreement(DSLContext dsl, String id) {
        return dsl.selectFrom(AGREEMENT).where(AGREEMENT.ID.eq(id)).fetchOptional().map(NegotiationStore::agreement);
    }

    static Optional<Agreement> lockAgreement(DSLContext tx, String id) {
        return tx.selectFrom(AGREEMENT).where(AGREEMENT.ID.eq(id)).forUpdate().fetchOptional().map(NegotiationStore::agreement);
    }

    /** Up to {@code limit} of {@code participant}'s agreements with id after {@code after}, by id. */
    static List<Agreement> agreements(DSLContext dsl, String participant, Side side, String after, int limit) {
        Condition where = switch (side) {
            case PROVIDER -> AGREEMENT.PROVIDER.eq(participant);
            case CONSUMER -> AGREEMENT.CONSUMER.eq(participant);
            case EITHER -> AGREEMENT.PROVIDER.eq(participant).or(AGREEMENT.CONSUMER.eq(participant));
        };
        return dsl.selectFrom(AGREEMENT).where(where.and(AGREEMENT.ID.gt(after))).orderBy(AGREEMENT.ID).limit(limit)
                .fetch(NegotiationStore::agreement);
    }

    /** Agreements not ended by a party or the operator (some may have expired), of {@code participant} or, if empty, of all; by id. */
    static List<Agreement> unended(DSLContext dsl, Optional<String> participant) {
        Condition where = AGREEMENT.STATUS.eq(Agreement.ACTIVE);
        if (participant.isPresent()) {
            where = where.and(AGREEMENT.PROVIDER.eq(participant.get()).or(AGREEMENT.CONSUMER.eq(participant.get())));
        }
        return dsl.selectFrom(AGREEMENT).where(where).orderBy(AGREEMENT.ID).fetch(NegotiationStore::agreement);
    }

    private static NegotiationRecord record(Negotiation n) {
        NegotiationRecord r = new NegotiationRecord();
        r.setId(n.id());
        r.setDatasetId(n.datasetId());
        r.setOfferId(n.offerId());
        r.setProvider(n.provider());
        r.setConsumer(n.consumer());
        r.setPurpose(n.purpose());
        r.setState(n.state().name());
        r.setOfferPolicy(n.offerPolicy());
        r.setAgreementId(n.agreementId().orElse(null));
        r.setTerminatedBy(n.terminatedBy().orElse(null));
        r.setReason(n.reason().orElse(null));
        r.setCreatedAt(utc(n.createdAt()));
        r.setUpdatedAt(utc(n.updatedAt()));
        return r;
    }

    private static Negotiation negotiation(NegotiationRecord r) {
        return new Negotiation(r.getId(), r.getDatasetId(), r.getOfferId(), r.getProvider(), r.getConsumer(), r.getPurpose(),
                NegotiationState.valueOf(r.getState()), r.getOfferPolicy(), Optional.ofNullable(r.getAgreementId()),
                Optional.ofNullable(r.getTerminatedBy()), Optional.ofNullable(r.getReason()), r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }

    private static AgreementRecord record(Agreement a) {
        AgreementRecord r = new AgreementRecord();
        r.setId(a.id());
        r.setNegotiationId(a.negotiationId());
        r.setDatasetId(a.datasetId());
        r.setOfferId(a.offerId());
        r.setProvider(a.provider());
        r.setConsumer(a.consumer());
        r.setPurpose(a.purpose());
        r.setCanonical(a.canonical());
        r.setSignature(a.signature());
        r.setSha256(a.sha256());
        r.setLedgerIndex(a.ledgerIndex());
        r.setSignedAt(utc(a.signedAt()));
        r.setValidUntil(a.validUntil().map(Timestamps::utc).orElse(null));
        r.setStatus(a.status());
        r.setEndedBy(a.endedBy().orElse(null));
        r.setEndReason(a.endReason().orElse(null));
        r.setEndedAt(a.endedAt().map(Timestamps::utc).orElse(null));
        return r;
    }

    private static Agreement agreement(AgreementRecord r) {
        return new Agreement(r.getId(), r.getNegotiationId(), r.getDatasetId(), r.getOfferId(), r.getProvider(), r.getConsumer(),
                r.getPurpose(), r.getCanonical(), r.getSignature(), r.getSha256(), r.getLedgerIndex(), r.getSignedAt().toInstant(),
                Optional.ofNullable(r.getValidUntil()).map(OffsetDateTime::toInstant), r.getStatus(),
                Optional.ofNullable(r.getEndedBy()), Optional.ofNullable(r.getEndReason()),
                Optional.ofNullable(r.getEndedAt()).map(OffsetDateTime::toInstant));
    }
}
