package org.sluis.core.identity;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ParticipantDirectory} backed by a map, for tests. */
final class MapParticipantDirectory implements ParticipantDirectory {

    private final Map<String, ParticipantStanding> standings = new ConcurrentHashMap<>();

    /** Registers or replaces a participant's standing. */
    MapParticipantDirectory put(ParticipantStanding standing) {
        standings.put(standing.id(), standing);
        return this;
    }

    @Override
    public Optional<ParticipantStanding> find(String participantId) {
        return Optional.ofNullable(standings.get(participantId));
    }
}
