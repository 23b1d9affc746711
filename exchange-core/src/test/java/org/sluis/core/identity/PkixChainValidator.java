package org.sluis.core.identity;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** A real {@link ChainValidator} for tests: JDK PKIX path validation against fixed anchors, participant id from the leaf's CN. */
final class PkixChainValidator implements ChainValidator {

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;

    PkixChainValidator(X509Certificate... anchors) {
        this.anchorCertificates = Set.of(anchors);
        this.anchors = anchorCertificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public ValidatedChain validate(List<X509Certificate> chain, Instant at) {
        List<X509Certificate> path = new ArrayList<>(chain);
        // A client may include the anchor itself at the end of x5c; PKIX wants the path without it.
        path.removeIf(anchorCertificates::contains);
        if (path.isEmpty()) {
            throw new UntrustedCertificateException("expected an end-entity certificate, found only a trust anchor");
        }
        X509Certificate leaf = path.get(0);
        if (leaf.getBasicConstraints() != -1) {
            throw new UntrustedCertificateException("expected an end-entity leaf, found a CA certificate");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return new ValidatedChain(leaf, result.getTrustAnchor().getTrustedCert(), commonName(leaf));
        } catch (GeneralSecurityException e) {
            throw new UntrustedCertificateException("PKIX validation failed: " + e.getMessage());
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new UntrustedCertificateException("expected a parseable subject name, found " + e.getMessage());
        }
        throw new UntrustedCertificateException("expected a CN naming the participant, found none");
    }
}
