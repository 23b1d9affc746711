package org.sluis.core.identity;

import java.util.Optional;

/** The participant's current standing. */
public interface ParticipantDirectory {

    /**
     * Looks up a participant.
     *
     * @param participantId the participant id, as named by its certificate
     * @return the participant's current standing, or empty if no such participant is registered
     */
    Optional<ParticipantStanding> find(String participantId);
}
