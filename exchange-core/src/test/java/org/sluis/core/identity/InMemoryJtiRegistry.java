package org.sluis.core.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link JtiRegistry} for tests: one atomic putIfAbsent per (client, jti). */
final class InMemoryJtiRegistry implements JtiRegistry {

    private record Key(String clientId, String jti) {}

    private final ConcurrentHashMap<Key, Instant> seen = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(String clientId, String jti, Instant expiresAt) {
        return seen.putIfAbsent(new Key(clientId, jti), expiresAt) == null;
    }

    /** How many (client, jti) pairs were recorded. */
    int size() {
        return seen.size();
    }

    /** Until when a pair is kept, if it was recorded. */
    Optional<Instant> keptUntil(String clientId, String jti) {
        return Optional.ofNullable(seen.get(new Key(clientId, jti)));
    }
}
