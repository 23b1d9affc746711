package org.sluis.core.identity;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate chain that {@link TrustAnchors#validate} accepted.
 *
 * <p>Which anchor vouched for the leaf matters: callers bind a participant id to the anchor (or
 * the certificate fingerprint) recorded at onboarding, so that a certificate from an external CA
 * that happens to carry the same id or common name cannot act as that participant.
 *
 * @param leaf the participant's certificate (the first one presented)
 * @param anchor the trusted CA certificate the chain leads to
 * @param participantId from the leaf's {@code urn:sluis:participant:<id>} SAN URI if it has one,
 *     otherwise the leaf's subject common name; never blank
 */
public record ValidatedChain(X509Certificate leaf, X509Certificate anchor, String participantId) {

    /**
     * Requires all three parts and a non-blank participant id.
     *
     * @param leaf the participant's certificate
     * @param anchor the trust anchor
     * @param participantId the participant id read from the leaf
     */
    public ValidatedChain {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(participantId, "participantId");
        if (participantId.isBlank()) {
            throw new IllegalArgumentException("participantId: expected a non-blank id, found a blank one");
        }
    }
}
