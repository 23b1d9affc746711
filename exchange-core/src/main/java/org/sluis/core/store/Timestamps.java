package org.sluis.core.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** How the stores hand instants to jOOQ, whose {@code timestamptz} columns are {@link OffsetDateTime}. */
public final class Timestamps {
    private Timestamps() {
    }

    /** {@code t} at UTC, for a {@code timestamptz} column. */
    public static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
