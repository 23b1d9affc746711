package org.sluis.core.identity;

import java.util.Set;

/**
 * Who is calling, as established from a valid access token and the participant's current standing.
 *
 * @param participantId the participant
 * @param roles its roles now (from the registry, not from the token, so a change applies at once)
 */
public record Caller(String participantId, Set<Role> roles) {
    /** Copies the roles. */
    public Caller {
        roles = Set.copyOf(roles);
    }

    /** True when the caller holds any of {@code wanted}. */
    public boolean hasAny(Role... wanted) {
        for (Role r : wanted) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
