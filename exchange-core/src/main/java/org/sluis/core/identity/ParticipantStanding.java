package org.sluis.core.identity;

import java.util.Set;

/**
 * A participant's roles, status and registered certificate, as the directory holds them now.
 *
 * @param id the participant id
 * @param roles the roles the participant holds ({@code PROVIDER}, {@code CONSUMER}, ...)
 * @param status {@code ACTIVE}, {@code SUSPENDED} or {@code REVOKED}
 * @param certificateSha256Hex hex SHA-256 of the DER encoding of the participant's registered certificate
 */
public record ParticipantStanding(String id, Set<String> roles, String status /* ACTIVE, SUSPENDED, REVOKED */, String certificateSha256Hex) {}
