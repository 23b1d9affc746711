package org.sluis.core.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Participants as recently read from the database, so that checking a caller's standing costs no
 * query on most requests. An entry is trusted for {@link #TTL} only: a suspension or revocation made
 * through any exchange instance is therefore enforced by every instance within that time (and at
 * once by the instance that made it, which {@link #forget}s the entry).
 */
public final class StandingCache {
    /** How long a read stays trusted; below the one second within which revocations must bite. */
    public static final Duration TTL = Duration.ofMillis(500);
    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** A cache reading time from {@code clock}. */
    public StandingCache(Clock clock) {
        this.clock = clock;
    }

    /** The participant if it was read less than {@link #TTL} ago. */
    public Optional<Participant> fresh(String id) {
        Entry e = entries.get(id);
        return e != null && clock.instant().isBefore(e.readAt().plus(TTL)) ? Optional.of(e.participant()) : Optional.empty();
    }

    /** Remembers a participant just read from the database. */
    public void put(Participant p) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude but bounded; the next reads refill it
        }
        entries.put(p.id(), new Entry(p, clock.instant()));
    }

    /** Drops what is known of {@code id}; the next request reads it again. */
    public void forget(String id) {
        entries.remove(id);
    }

    private record Entry(Participant participant, Instant readAt) {
    }
}
