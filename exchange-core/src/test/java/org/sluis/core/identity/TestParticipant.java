package org.sluis.core.identity;

import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A participant as a test sees it: its id, key pair and the certificate chain it presents in x5c (leaf first).
 *
 * @param id the participant id its certificate names
 * @param keys its key pair
 * @param chain the certificates it presents, leaf first
 * @param roles the roles it is registered with
 */
record TestParticipant(String id, KeyPair keys, List<X509Certificate> chain, Set<String> roles) {

    TestParticipant {
        chain = List.copyOf(chain);
        roles = Set.copyOf(roles);
    }

    /** The leaf certificate. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** The x5c header value: standard base64 DER, leaf first. */
    List<Base64> x5c() {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                x5c.add(Base64.encode(certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return x5c;
    }

    /** The directory entry registering this participant's certificate, with the given status. */
    ParticipantStanding standing(String status) {
        return new ParticipantStanding(id, roles, status, CertificateFingerprints.sha256Hex(certificate()));
    }

    /** The same participant presenting another certificate chain. */
    TestParticipant withChain(List<X509Certificate> otherChain) {
        return new TestParticipant(id, keys, otherChain, roles);
    }

    /** The same participant presenting another key pair and chain. */
    TestParticipant withKeys(KeyPair otherKeys, List<X509Certificate> otherChain) {
        return new TestParticipant(id, otherKeys, otherChain, roles);
    }
}
