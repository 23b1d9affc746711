package org.sluis.core.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A participant certificate just issued by the {@link ExchangeCa}, in the forms the onboarding API
 * and the participant need.
 *
 * @param certificate the participant (leaf) certificate
 * @param chain the chain to present in an {@code x5c} header: the leaf first, then the issuing CA
 *     certificate(s), each followed by its issuer; never empty, {@code chain.get(0)} is
 *     {@code certificate}
 * @param pem the leaf as one {@code CERTIFICATE} PEM block
 * @param chainPem one PEM block per element of {@code chain}, in the same order
 * @param sha256Hex the SHA-256 fingerprint of the leaf's DER encoding, 64 lower-case hex digits
 */
public record IssuedCertificate(X509Certificate certificate, List<X509Certificate> chain, String pem,
        List<String> chainPem, String sha256Hex) {

    /**
     * Checks that the parts describe one and the same leaf; copies the lists.
     *
     * @param certificate the leaf
     * @param chain the leaf, then its issuers
     * @param pem the leaf's PEM
     * @param chainPem the chain's PEM blocks
     * @param sha256Hex the leaf's fingerprint
     * @throws IllegalArgumentException if the parts disagree
     */
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
        Objects.requireNonNull(pem, "pem");
        chainPem = List.copyOf(chainPem);
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("chain: expected the leaf certificate first, found "
                    + (chain.isEmpty() ? "an empty chain" : chain.get(0).getSubjectX500Principal()));
        }
        if (chainPem.size() != chain.size() || !chainPem.get(0).equals(pem)) {
            throw new IllegalArgumentException("chainPem: expected " + chain.size()
                    + " PEM blocks starting with the leaf's, found " + chainPem.size());
        }
        if (!sha256Hex.equals(fingerprint(certificate))) {
            throw new IllegalArgumentException("sha256Hex: expected the SHA-256 of the leaf's DER, "
                    + fingerprint(certificate) + ", found " + sha256Hex);
        }
    }

    /** Assembles the record for a leaf and the issuing CA's chain (issuer first). */
    static IssuedCertificate of(X509Certificate leaf, List<X509Certificate> caChain) {
        List<X509Certificate> chain = new ArrayList<>(caChain.size() + 1);
        chain.add(leaf);
        chain.addAll(caChain);
        List<String> chainPem = chain.stream().map(Pem::write).toList();
        return new IssuedCertificate(leaf, chain, chainPem.get(0), chainPem, fingerprint(leaf));
    }

    /**
     * Returns the SHA-256 fingerprint of a certificate's DER encoding.
     *
     * @param certificate any certificate
     * @return 64 lower-case hex digits
     */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 over a certificate's DER failed", e);
        }
    }
}
