package org.sluis.core.identity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A participant of the exchange as the registry keeps it.
 *
 * @param id stable slug, also the certificate's CN and the OAuth client id
 * @param name legal name
 * @param registrationNumber e.g. the Chamber of Commerce (KvK) number
 * @param region ISO 3166-1 or 3166-2 code, e.g. {@code NL-NH}
 * @param roles what it may do
 * @param categories the kinds of institution it is (e.g. {@code research-institution}), which agreements and consents may name as recipients
 * @param status its standing
 * @param certificatePem the certificate the exchange issued it
 * @param certificateSha256 hex SHA-256 of that certificate's DER: the only one accepted at login
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 */
public record Participant(String id, String name, String registrationNumber, String region, Set<Role> roles,
                          Set<String> categories, ParticipantStatus status, String certificatePem, String certificateSha256,
                          Instant createdAt, Instant updatedAt) {
    /** Requires every field; copies the roles and categories. */
    public Participant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registrationNumber, "registrationNumber");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        categories = Set.copyOf(categories);
    }

    /** True when it holds {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** A copy with another status, changed at {@code at}. */
    public Participant withStatus(ParticipantStatus newStatus, Instant at) {
        return new Participant(id, name, registrationNumber, region, roles, categories, newStatus, certificatePem, certificateSha256,
                createdAt, at);
    }
}
