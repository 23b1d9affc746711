package org.sluis.core.store;

import static org.sluis.core.store.schema.Tables.EXCHANGE_NODE;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;

/** The record of exchange processes that have run against this database. Blocking; call from a worker. */
public final class ExchangeNodes {
    private ExchangeNodes() {
    }

    /** Records that node {@code id} on {@code host} running {@code version} has started. */
    public static void started(DSLContext dsl, UUID id, String host, String version) {
        dsl.insertInto(EXCHANGE_NODE)
                .set(EXCHANGE_NODE.ID, id)
                .set(EXCHANGE_NODE.HOST, host)
                .set(EXCHANGE_NODE.VERSION, version)
                .set(EXCHANGE_NODE.STARTED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .execute();
    }

    /** Records that node {@code id} has shut down in an orderly way. */
    public static void stopped(DSLContext dsl, UUID id) {
        dsl.update(EXCHANGE_NODE)
                .set(EXCHANGE_NODE.STOPPED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(EXCHANGE_NODE.ID.eq(id))
                .execute();
    }
}
