package org.sluis.core.identity;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A client that authenticated with a valid private_key_jwt assertion and is in good standing.
 *
 * @param participantId the participant id, equal to the client_id, the assertion's iss and sub and the certificate's name
 * @param roles the participant's roles at the time of authentication
 * @param certificateSha256Hex lowercase hex SHA-256 of the DER certificate the client authenticated with
 */
public record VerifiedClient(String participantId, Set<String> roles, String certificateSha256Hex) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the fields and takes an immutable copy of the roles.
     *
     * @param participantId see the record component
     * @param roles see the record component
     * @param certificateSha256Hex see the record component
     */
    public VerifiedClient {
        Objects.requireNonNull(participantId, "participantId");
        if (participantId.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank participantId, found a blank one");
        }
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        Objects.requireNonNull(certificateSha256Hex, "certificateSha256Hex");
        if (!SHA256_HEX.matcher(certificateSha256Hex).matches()) {
            throw new IllegalArgumentException("expected certificateSha256Hex to be 64 lowercase hex digits, found "
                    + certificateSha256Hex.length() + " characters");
        }
    }
}
