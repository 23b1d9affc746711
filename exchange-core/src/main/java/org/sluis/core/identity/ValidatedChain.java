package org.sluis.core.identity;

import java.security.cert.X509Certificate;

/**
 * A certificate chain that a {@link ChainValidator} accepted.
 *
 * @param leaf the end-entity certificate, the first one presented
 * @param anchor the trust anchor the chain leads to
 * @param participantId the participant id the leaf certificate names
 */
public record ValidatedChain(X509Certificate leaf, X509Certificate anchor, String participantId) {}
