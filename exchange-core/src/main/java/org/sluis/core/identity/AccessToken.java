package org.sluis.core.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An access token the exchange issued and that verified: who it speaks for, until when, and its id.
 *
 * @param participantId the participant the token was issued to (its {@code sub})
 * @param roles the roles the participant held when the token was issued
 * @param expiresAt the token's {@code exp}
 * @param jti the token's unique id
 */
public record AccessToken(String participantId, Set<String> roles, Instant expiresAt, String jti) {

    /**
     * Validates the fields and takes an immutable copy of the roles.
     *
     * @param participantId see the record component
     * @param roles see the record component
     * @param expiresAt see the record component
     * @param jti see the record component
     */
    public AccessToken {
        Objects.requireNonNull(participantId, "participantId");
        if (participantId.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank participantId, found a blank one");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(jti, "jti");
        if (jti.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank jti, found a blank one");
        }
    }
}
