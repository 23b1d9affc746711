package org.sluis.core.consent;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.CONSENT;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep13;
import org.sluis.core.ledger.SubjectHash;
import org.sluis.core.store.Timestamps;
import org.sluis.core.store.schema.tables.records.ConsentRecord;

/** Consents in PostgreSQL. Blocking: call from the database worker pool, inside the caller's transaction. */
final class ConsentStore {
    private ConsentStore() {
    }

    /** Rows per INSERT: 13 bind parameters each, under PostgreSQL's limit of 65,535 per statement. */
    private static final int ROWS_PER_STATEMENT = 2_000;

    /** Inserts every consent, in statements of {@value #ROWS_PER_STATEMENT} rows. */
    static void insertAll(DSLContext tx, List<StoredConsent> consents) {
        for (int from = 0; from < consents.size(); from += ROWS_PER_STATEMENT) {
            insert(tx, consents.subList(from, Math.min(consents.size(), from + ROWS_PER_STATEMENT)));
        }
    }

    private static void insert(DSLContext tx, List<StoredConsent> consents) {
        InsertValuesStep13<ConsentRecord, String, String, String, String, String, String[], String[], OffsetDateTime, OffsetDateTime,
                String, String, OffsetDateTime, OffsetDateTime> insert = tx.insertInto(CONSENT, CONSENT.ID, CONSENT.CUSTODIAN,
                CONSENT.SUBJECT_HASH, CONSENT.DATASET_ID, CONSENT.CATEGORY, CONSENT.PURPOSES, CONSENT.RECIPIENTS, CONSENT.VALID_FROM,
                CONSENT.VALID_UNTIL, CONSENT.DECISION, CONSENT.SOURCE, CONSENT.REVOKED_AT, CONSENT.CREATED_AT);
        for (StoredConsent c : consents) {
            insert = insert.values(c.id(), c.custodian(), c.subject().value(), c.datasetId().orElse(null), c.category().orElse(null),
                    c.purposes().toArray(String[]::new), c.recipients().toArray(String[]::new), c.validFrom().map(Timestamps::utc).orElse(null),
                    c.validUntil().map(Timestamps::utc).orElse(null), c.decision(), c.source(), null, utc(c.createdAt()));
        }
        insert.execute();
    }

    /** The consent, locked until the transaction ends. */
    static Optional<StoredConsent> lock(DSLContext tx, String id) {
        return tx.selectFrom(CONSENT).where(CONSENT.ID.eq(id)).forUpdate().fetchOptional().map(ConsentStore::consent);
    }

    static void revoke(DSLContext tx, String id, Instant at) {
        tx.update(CONSENT).set(CONSENT.REVOKED_AT, utc(at)).where(CONSENT.ID.eq(id)).execute();
    }

    /** The consents {@code custodian} recorded for the subject with this hash, oldest first. */
    static List<StoredConsent> ofSubject(DSLContext dsl, String custodian, SubjectHash subject) {
        return dsl.selectFrom(CONSENT).where(CONSENT.CUSTODIAN.eq(custodian)).and(CONSENT.SUBJECT_HASH.eq(subject.value()))
                .orderBy(CONSENT.CREATED_AT, CONSENT.ID).fetch(ConsentStore::consent);
    }

    /** Every consent {@code custodian} recorded. */
    static List<StoredConsent> ofCustodian(DSLContext dsl, String custodian) {
        return dsl.selectFrom(CONSENT).where(CONSENT.CUSTODIAN.eq(custodian)).orderBy(CONSENT.CREATED_AT, CONSENT.ID).fetch(ConsentStore::consent);
    }

    private static StoredConsent consent(ConsentRecord r) {
        return new StoredConsent(r.getId(), r.getCustodian(), new SubjectHash(r.getSubjectHash()), Optional.ofNullable(r.getDatasetId()),
                Optional.ofNullable(r.getCategory()), Arrays.asList(r.getPurposes()), Arrays.asList(r.getRecipients()),
                Optional.ofNullable(r.getValidFrom()).map(OffsetDateTime::toInstant), Optional.ofNullable(r.getValidUntil()).map(OffsetDateTime::toInstant),
                r.getDecision(), r.getSource(), Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant), r.getCreatedAt().toInstant());
    }
}
