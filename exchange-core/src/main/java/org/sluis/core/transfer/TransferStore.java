package org.sluis.core.transfer;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.TRANSFER;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.sluis.core.store.schema.tables.records.TransferRecord;

/** The {@code transfer} table. Blocking. */
final class TransferStore {
    private TransferStore() {
    }

    static void insert(DSLContext dsl, Transfer t, Optional<String> sinkHeaders) {
        TransferRecord r = dsl.newRecord(TRANSFER);
        r.setId(t.id());
        r.setMode(t.mode());
        r.setAgreementId(t.agreementId());
        r.setDatasetId(t.datasetId());
        r.setProvider(t.provider());
        r.setConsumer(t.consumer());
        r.setPurpose(t.purpose());
        r.setFormat(t.format());
        r.setFields(t.fields().toArray(String[]::new));
        r.setRecordLimit(t.limit().orElse(null));
        r.setSince(t.since().orElse(null));
        r.setDecisionId(t.decisionId());
        r.setDecisionIndex(t.decisionIndex());
        r.setState(t.state());
        r.setRecords(t.records());
        r.setBytes(t.bytes());
        r.setSinkUrl(t.sinkUrl().orElse(null));
        r.setSinkHeaders(sinkHeaders.orElse(null));
        r.setAttempts(t.attempts());
        r.setNextAttemptAt(t.nextAttemptAt().map(i -> utc(i)).orElse(null));
        r.setCreatedAt(utc(t.createdAt()));
        r.setUpdatedAt(utc(t.updatedAt()));
        r.insert();
    }

    /** Records how it ended: state, counts, digest, completion entry. */
    static void end(DSLContext dsl, String id, String state, long records, long bytes, String sha256, long completionIndex,
                    Optional<String> error, Instant at) {
        dsl.update(TRANSFER).set(TRANSFER.STATE, state).set(TRANSFER.RECORDS, records).set(TRANSFER.BYTES, bytes)
                .set(TRANSFER.SHA256, sha256).set(TRANSFER.COMPLETION_INDEX, completionIndex).set(TRANSFER.ERROR, error.orElse(null))
                .setNull(TRANSFER.LEASE_OWNER).setNull(TRANSFER.LEASE_UNTIL).setNull(TRANSFER.NEXT_ATTEMPT_AT)
                .set(TRANSFER.UPDATED_AT, utc(at)).where(TRANSFER.ID.eq(id)).execute();
    }

    static Optional<Transfer> find(DSLContext dsl, String id) {
        return dsl.selectFrom(TRANSFER).where(TRANSFER.ID.eq(id)).fetchOptional().map(TransferStore::transfer);
    }

    /** The sink headers of a push (secrets: only the delivering worker reads them). */
    static Optional<String> sinkHeaders(DSLContext dsl, String id) {
        return dsl.select(TRANSFER.SINK_HEADERS).from(TRANSFER).where(TRANSFER.ID.eq(id)).fetchOptional(TRANSFER.SINK_HEADERS);
    }

    /** Up to {@code limit} of {@code participant}'s transfers (as provider or consumer) with id after {@code after}, by id. */
    static List<Transfer> of(DSLContext dsl, String participant, String after, int limit) {
        Condition mine = TRANSFER.PROVIDER.eq(participant).or(TRANSFER.CONSUMER.eq(participant));
        return dsl.selectFrom(TRANSFER).where(mine.and(TRANSFER.ID.gt(after))).orderBy(TRANSFER.ID).limit(limit)
                .fetch(TransferStore::transfer);
    }

    static Transfer transfer(TransferRecord r) {
        return new Transfer(r.getId(), r.getMode(), r.getAgreementId(), r.getDatasetId(), r.getProvider(), r.getConsumer(), r.getPurpose(),
                r.getFormat(), List.of(r.getFields()), Optional.ofNullable(r.getRecordLimit()), Optional.ofNullable(r.getSince()),
                r.getDecisionId(), r.getDecisionIndex(), r.getState(), r.getRecords(), r.getBytes(), Optional.ofNullable(r.getSha256()),
                Optional.ofNullable(r.getCompletionIndex()), Optional.ofNullable(r.getError()), Optional.ofNullable(r.getSinkUrl()),
                r.getAttempts(), Optional.ofNullable(r.getNextAttemptAt()).map(t -> t.toInstant()), r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }
}
