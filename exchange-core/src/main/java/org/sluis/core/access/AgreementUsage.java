package org.sluis.core.access;

import static org.sluis.core.store.schema.Tables.AGREEMENT_USAGE;

import java.time.LocalDate;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * The uses of an agreement, counted in PostgreSQL so that a {@code count} constraint holds across
 * every exchange instance. A decision locks the agreement's row ({@code SELECT … FOR UPDATE}),
 * decides with the uses so far and, if it permits, adds one and commits before its permit is
 * logged: of N concurrent requests under {@code count lteq 10} exactly ten are permitted, and a
 * denied one uses nothing.
 *
 * <p><b>Counted before logged.</b> Logging the permit first and counting after would leave, when
 * an instance dies in between, a permit in the ledger whose use was never counted, and the count
 * would allow one more: the auditors' ledger would then show the contract exceeded (the
 * multi-instance test hit exactly that with a SIGKILL). Counted first, the same crash leaves a use
 * counted with no permit logged and nothing delivered: the consumer loses a use, the contract is
 * never exceeded. When the ledger refuses the entry (the exchange then answers 503), the use is
 * {@linkplain #release released} again.
 */
final class AgreementUsage {

    /**
     * The uses before this one.
     *
     * @param total all uses
     * @param today uses in the current UTC day
     */
    record Uses(long total, long today) {
        static final Uses NONE = new Uses(0, 0);
    }

    private AgreementUsage() {
    }

    /** Locks the agreement's row (creating it at zero) and reads its uses. Inside a transaction. */
    static Uses lock(DSLContext tx, String agreementId, LocalDate today) {
        tx.insertInto(AGREEMENT_USAGE)
                .columns(AGREEMENT_USAGE.AGREEMENT_ID, AGREEMENT_USAGE.USES, AGREEMENT_USAGE.DAY, AGREEMENT_USAGE.DAY_USES)
                .values(agreementId, 0L, today, 0L)
                .onConflictDoNothing()
                .execute();
        Record3<Long, LocalDate, Long> row = tx.select(AGREEMENT_USAGE.USES, AGREEMENT_USAGE.DAY, AGREEMENT_USAGE.DAY_USES)
                .from(AGREEMENT_USAGE).where(AGREEMENT_USAGE.AGREEMENT_ID.eq(agreementId)).forUpdate().fetchSingle();
        return new Uses(row.value1(), today.equals(row.value2()) ? row.value3() : 0);
    }

    /**
     * Gives back a use whose permit could not be logged. Its own transaction; the day's count only
     * if the row is still on {@code day}.
     */
    static void release(DSLContext dsl, String agreementId, LocalDate day) {
        dsl.update(AGREEMENT_USAGE)
                .set(AGREEMENT_USAGE.USES, AGREEMENT_USAGE.USES.minus(1))
                .set(AGREEMENT_USAGE.DAY_USES, DSL.when(AGREEMENT_USAGE.DAY.eq(day), AGREEMENT_USAGE.DAY_USES.minus(1))
                        .otherwise(AGREEMENT_USAGE.DAY_USES))
                .where(AGREEMENT_USAGE.AGREEMENT_ID.eq(agreementId).and(AGREEMENT_USAGE.USES.gt(0L)))
                .execute();
    }

    /** Records one more use, {@code before} being what {@link #lock} read. Inside the same transaction. */
    static void use(DSLContext tx, String agreementId, LocalDate today, Uses before) {
        tx.update(AGREEMENT_USAGE)
                .set(AGREEMENT_USAGE.USES, before.total() + 1)
                .set(AGREEMENT_USAGE.DAY, today)
                .set(AGREEMENT_USAGE.DAY_USES, before.today() + 1)
                .where(AGREEMENT_USAGE.AGREEMENT_ID.eq(agreementId))
                .execute();
    }
}
