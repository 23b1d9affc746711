package org.sluis.core.identity;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.PARTICIPANT;
import static org.sluis.core.store.schema.Tables.USED_JTI;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.sluis.core.store.schema.tables.records.ParticipantRecord;

/** Participants and used client-assertion ids in PostgreSQL. Blocking: call from the database worker pool. */
public final class ParticipantStore {
    private final DSLContext dsl;

    /** A store over {@code dsl}. */
    public ParticipantStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts {@code p}; false if a participant with its id exists already. */
    public boolean insert(Participant p) {
        try {
            dsl.insertInto(PARTICIPANT).set(record(p)).execute();
            return true;
        } catch (IntegrityConstraintViolationException duplicate) {
            return false;
        }
    }

    /** Removes a participant whose registration could not be recorded in the ledger. */
    public void delete(String id) {
        dsl.deleteFrom(PARTICIPANT).where(PARTICIPANT.ID.eq(id)).execute();
    }

    /** The participant with {@code id}. */
    public Optional<Participant> find(String id) {
        return dsl.selectFrom(PARTICIPANT).where(PARTICIPANT.ID.eq(id)).fetchOptional().map(ParticipantStore::participant);
    }

    /** Up to {@code limit} participants with id after {@code after} (empty: from the start), by id. */
    public List<Participant> list(String after, int limit) {
        return dsl.selectFrom(PARTICIPANT).where(PARTICIPANT.ID.gt(after)).orderBy(PARTICIPANT.ID).limit(limit)
                .fetch(ParticipantStore::participant);
    }

    /** Sets the status of {@code id}; false if there is no such participant. */
    public boolean setStatus(String id, ParticipantStatus status, Instant at) {
        return dsl.update(PARTICIPANT)
                .set(PARTICIPANT.STATUS, status.name())
                .set(PARTICIPANT.UPDATED_AT, utc(at))
                .where(PARTICIPANT.ID.eq(id))
                .execute() == 1;
    }

    /**
     * Records that {@code clientId} used assertion id {@code jti}; false if it had been used before,
     * by any exchange instance. Expired ids are pruned on the way, so the table stays small.
     */
    public boolean firstUse(String clientId, String jti, Instant expiresAt, Instant now) {
        dsl.deleteFrom(USED_JTI).where(USED_JTI.EXPIRES_AT.lt(utc(now.minusSeconds(300)))).execute();
        return dsl.insertInto(USED_JTI)
                .set(USED_JTI.CLIENT_ID, clientId)
                .set(USED_JTI.JTI, jti)
                .set(USED_JTI.EXPIRES_AT, utc(expiresAt))
                .onConflictDoNothing()
                .execute() == 1;
    }

    private static ParticipantRecord record(Participant p) {
        ParticipantRecord r = new ParticipantRecord();
        r.setId(p.id());
        r.setName(p.name());
        r.setRegistrationNumber(p.registrationNumber());
        r.setRegion(p.region());
        r.setRoles(p.roles().stream().map(Role::name).sorted().toArray(String[]::new));
        r.setCategories(p.categories().stream().sorted().toArray(String[]::new));
        r.setStatus(p.status().name());
        r.setCertificate(p.certificatePem());
        r.setCertificateSha256(p.certificateSha256());
        r.setCreatedAt(utc(p.createdAt()));
        r.setUpdatedAt(utc(p.updatedAt()));
        return r;
    }

    private static Participant participant(ParticipantRecord r) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(r.getRoles()).map(Role::valueOf).forEach(roles::add);
        return new Participant(r.getId(), r.getName(), r.getRegistrationNumber(), r.getRegion(), roles, Set.of(r.getCategories()),
                ParticipantStatus.valueOf(r.getStatus()), r.getCertificate(), r.getCertificateSha256(),
                r.getCreatedAt().toInstant(), r.getUpdatedAt().toInstant());
    }
}
