package org.sluis.core.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The SHA-256 fingerprint of a certificate's DER encoding, as the participant directory registers it. */
final class CertificateFingerprints {

    private CertificateFingerprints() {}

    /**
     * Hashes a certificate.
     *
     * @param certificate the certificate
     * @return lowercase hex SHA-256 of its DER encoding
     */
    static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("expected a certificate that re-encodes to DER, found one that does not", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("expected the JDK to provide SHA-256, found it missing", e);
        }
    }
}
