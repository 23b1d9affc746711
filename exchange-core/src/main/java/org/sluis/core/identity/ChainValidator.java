package org.sluis.core.identity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Validates a certificate chain as presented in x5c (leaf first) against the exchange's trust anchors. */
public interface ChainValidator {

    /**
     * Validates {@code chain} as it stood at {@code at}.
     *
     * @param chain the certificates as presented in the {@code x5c} header, leaf first
     * @param at the instant at which validity periods are judged
     * @return the validated leaf, the anchor it chains to and the participant id the leaf names
     * @throws UntrustedCertificateException if the chain does not lead to a trust anchor or is not valid at {@code at}
     */
    ValidatedChain validate(List<X509Certificate> chain, Instant at);
}
