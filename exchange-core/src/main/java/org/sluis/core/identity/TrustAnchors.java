package org.sluis.core.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The CA certificates whose participant certificates the exchange accepts: its own
 * {@link ExchangeCa} and any configured beside it (for example PKIoverheid or an eIDAS seal CA).
 *
 * <p>{@link #validate} runs RFC 5280 §6 path validation with the JDK's PKIX
 * {@link CertPathValidator}, revocation checking off (the exchange tracks participant status
 * itself), after checks the JDK does not make or reports poorly: order of the presented chain,
 * a CA certificate presented as the leaf, the leaf's key usage, the trust anchor's own validity,
 * and the participant id. Instances are immutable and safe to share between threads.
 */
public final class TrustAnchors implements ChainValidator {

    /** More certificates than any real chain has; bounds the work one presented header can cause. */
    static final int MAX_CHAIN_LENGTH = 10;
    private static final int DIGITAL_SIGNATURE = 0;

    private final List<X509Certificate> anchors;
    private final Set<TrustAnchor> pkixAnchors;

    private TrustAnchors(Collection<X509Certificate> anchors) {
        this.anchors = List.copyOf(new LinkedHashSet<>(anchors));
        if (this.anchors.isEmpty()) {
            throw new IllegalArgumentException("trust anchors: expected at least one CA certificate, found none");
        }
        for (X509Certificate anchor : this.anchors) {
            if (anchor.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("trust anchors: expected CA certificates (BasicConstraints"
                        + " CA:true), found " + anchor.getSubjectX500Principal() + " without it");
            }
        }
        this.pkixAnchors = this.anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
    }

    /**
     * Trusts the exchange's own CA: its issuing certificate is the anchor.
     *
     * @param exchangeCa the exchange CA
     * @return anchors holding {@code exchangeCa.certificate()}
     */
    public static TrustAnchors of(ExchangeCa exchangeCa) {
        return new TrustAnchors(List.of(exchangeCa.certificate()));
    }

    /**
     * Trusts the given CA certificates.
     *
     * @param caCertificates one or more CA certificates (BasicConstraints CA:true); duplicates are merged
     * @return the anchors
     * @throws IllegalArgumentException if the list is empty or holds a non-CA certificate
     */
    public static TrustAnchors of(List<X509Certificate> caCertificates) {
        return new TrustAnchors(caCertificates);
    }

    /**
     * Returns these anchors plus every certificate in a PEM file (text between blocks is ignored).
     *
     * @param pemFile one or more {@code CERTIFICATE} blocks, each a CA certificate
     * @return new anchors; this instance is unchanged
     * @throws IllegalArgumentException naming the file if it cannot be read, holds no certificate,
     *     another kind of block, or a non-CA certificate
     */
    public TrustAnchors withPemFile(Path pemFile) {
        List<X509Certificate> added;
        try {
            added = Pem.readCertificates(Files.readString(pemFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("trust anchor file " + pemFile + ": cannot read it: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trust anchor file " + pemFile + ": " + e.getMessage(), e);
        }
        List<X509Certificate> all = new ArrayList<>(anchors);
        all.addAll(added);
        try {
            return new TrustAnchors(all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trust anchor file " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the trusted CA certificates.
     *
     * @return an immutable list without duplicates, in the order they were added
     */
    public List<X509Certificate> anchors() {
        return anchors;
    }

    /**
     * Validates a chain as presented in an {@code x5c} header (RFC 7515 §4.1.6): the leaf first,
     * each certificate followed by its issuer; the trust anchor itself may be included at the end
     * and is then dropped, as RFC 5280 §6.1 keeps anchors out of the path.
     *
     * @param chain the presented certificates, leaf first, at most {@value #MAX_CHAIN_LENGTH}
     * @param at the time at which every certificate (and the anchor) must be valid
     * @return the leaf, the anchor it leads to and the participant id it names
     * @throws UntrustedCertificateException if the chain is empty, too long or out of order, its
     *     leaf is a CA certificate, it does not lead to an anchor, a certificate is expired or not
     *     yet valid at {@code at}, the leaf's key usage lacks digitalSignature, or no well-formed
     *     participant id can be read from it
     */
    public ValidatedChain validate(List<X509Certificate> chain, Instant at) {
        Objects.requireNonNull(at, "at");
        if (chain == null || chain.isEmpty()) {
            throw new UntrustedCertificateException("empty chain: expected the participant's certificate first,"
                    + " then its CA certificates; found no certificates");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            throw new UntrustedCertificateException("chain too long: expected at most " + MAX_CHAIN_LENGTH
                    + " certificates, found " + chain.size());
        }
        if (chain.stream().anyMatch(Objects::isNull)) { // List.of(...).contains(null) would throw
            throw new UntrustedCertificateException("expected certificates, found a null element in the chain");
        }
        requireOrdered(chain);
        for (int i = 0; i < chain.size(); i++) {
            requireDer(chain.get(i), i);
        }
        X509Certificate leaf = chain.get(0);
        if (leaf.getBasicConstraints() >= 0) {
            throw new UntrustedCertificateException("certificate #0 (" + leaf.getSubjectX500Principal()
                    + ") is a CA certificate: expected the participant's own end-entity certificate as the leaf");
        }
        X509Certificate anchor = validatePath(withoutAnchor(chain), at);
        requireDigitalSignature(leaf);
        return new ValidatedChain(leaf, anchor, participantId(leaf));
    }

    private static void requireOrdered(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X500Principal expected = chain.get(i).getIssuerX500Principal();
            X500Principal found = chain.get(i + 1).getSubjectX500Principal();
            if (!expected.equals(found)) {
                boolean reversed = chain.get(i + 1).getIssuerX500Principal()
                        .equals(chain.get(i).getSubjectX500Principal());
                throw new UntrustedCertificateException("chain out of order: expected certificate #" + (i + 1)
                        + " to be the issuer of certificate #" + i + " (" + expected + "), found " + found
                        + (reversed ? "; the chain looks reversed, the leaf must come first" : ""));
            }
        }
    }

    /**
     * Requires the canonical DER encoding. The JDK's parser accepts, for example, a signature BIT
     * STRING that claims unused bits: the same certificate under a different SHA-256 fingerprint,
     * which would slip past any list of certificates kept by fingerprint.
     */
    private static void requireDer(X509Certificate certificate, int index) {
        boolean canonical;
        try {
            byte[] encoded = certificate.getEncoded();
            Certificate parsed = Certificate.getInstance(ASN1Primitive.fromByteArray(encoded));
            canonical = parsed.getSignature().getPadBits() == 0
                    && Arrays.equals(encoded, parsed.getEncoded(ASN1Encoding.DER));
        } catch (CertificateEncodingException | IOException | RuntimeException e) {
            canonical = false;
        }
        if (!canonical) {
            throw new UntrustedCertificateException("certificate #" + index + " (" + certificate.getSubjectX500Principal()
                    + ") is not in canonical DER: expected the encoding its issuer signed, found a variant of it");
        }
    }

    /** Cuts the presented chain at the first certificate (after the leaf) that is itself an anchor. */
    private List<X509Certificate> withoutAnchor(List<X509Certificate> chain) {
        for (int i = 1; i < chain.size(); i++) {
            if (anchors.contains(chain.get(i))) {
                return chain.subList(0, i);
            }
        }
        return chain;
    }

    private X509Certificate validatePath(List<X509Certificate> path, Instant at) {
        PKIXCertPathValidatorResult result;
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(pkixAnchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new UntrustedCertificateException(describe(e, path, at), e);
        } catch (CertificateException | InvalidAlgorithmParameterException e) {
            throw new UntrustedCertificateException("expected X.509 certificates, found a chain the JDK cannot"
                    + " validate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PKIX certificate path validator", e);
        }
        X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
        try {
            // RFC 5280 leaves the anchor's own dates to local policy; ours: an expired anchor vouches for nothing.
            anchor.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new UntrustedCertificateException("trust anchor " + anchor.getSubjectX500Principal()
                    + " is not valid at " + at + ": valid from " + anchor.getNotBefore().toInstant() + " to "
                    + anchor.getNotAfter().toInstant(), e);
        }
        return anchor;
    }

    /** Says which certificate failed and why, in terms of the presented chain's positions. */
    private String describe(CertPathValidatorException e, List<X509Certificate> path, Instant at) {
        int index = e.getIndex();
        X509Certificate failed = index >= 0 && index < path.size() ? path.get(index) : null;
        String which = failed == null ? "the chain" : "certificate #" + index + " (" + failed.getSubjectX500Principal() + ")";
        if (e.getReason() == BasicReason.EXPIRED && failed != null) {
            return which + " has expired: expected validity at " + at + ", found it ended at "
                    + failed.getNotAfter().toInstant();
        }
        if (e.getReason() == BasicReason.NOT_YET_VALID && failed != null) {
            return which + " is not yet valid: expected validity at " + at + ", found it starts at "
                    + failed.getNotBefore().toInstant();
        }
        X509Certificate last = path.get(path.size() - 1);
        boolean atTop = failed == null || index == path.size() - 1;
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR
                || (e.getReason() == BasicReason.INVALID_SIGNATURE && atTop)) {
            return "not issued by a trusted CA: expected the chain to end at one of " + anchors.size()
                    + " trust anchors " + subjects() + ", found certificate #" + (path.size() - 1) + " issued by "
                    + last.getIssuerX500Principal() + (e.getReason() == BasicReason.INVALID_SIGNATURE
                            ? " whose signature does not verify with that anchor's key" : "");
        }
        if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
            return which + ": signature does not verify with the key of certificate #" + (index + 1);
        }
        return which + " failed PKIX validation (" + e.getReason() + "): " + e.getMessage();
    }

    private List<String> subjects() {
        return anchors.stream().map(a -> a.getSubjectX500Principal().toString()).toList();
    }

    private static void requireDigitalSignature(X509Certificate leaf) {
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || !usage[DIGITAL_SIGNATURE]) {
            throw new UntrustedCertificateException("certificate #0 (" + leaf.getSubjectX500Principal()
                    + ") may not sign: expected key usage digitalSignature, found "
                    + (usage == null ? "no KeyUsage extension" : "a KeyUsage without it"));
        }
    }

    /** The id in the SAN URI {@code urn:sluis:participant:<id>} if present, else the subject's one CN. */
    static String participantId(X509Certificate leaf) {
        List<String> ids = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if (Integer.valueOf(6).equals(name.get(0)) // uniformResourceIdentifier
                        && name.get(1) instanceof String uri && uri.startsWith(ExchangeCa.PARTICIPANT_URI_PREFIX)) {
                    ids.add(uri.substring(ExchangeCa.PARTICIPANT_URI_PREFIX.length()));
                }
            }
        } catch (CertificateParsingException e) {
            throw new UntrustedCertificateException("certificate #0: expected a well-formed subject alternative"
                    + " name extension, found one that does not parse", e);
        }
        if (ids.size() > 1) {
            throw new UntrustedCertificateException("certificate #0: expected at most one "
                    + ExchangeCa.PARTICIPANT_URI_PREFIX + " URI, found " + ids.size() + " " + ids);
        }
        if (ids.size() == 1) {
            String id = ids.get(0);
            if (!ParticipantSubject.isParticipantId(id)) {
                throw new UntrustedCertificateException("certificate #0: expected a participant id of [a-z0-9-] in"
                        + " its " + ExchangeCa.PARTICIPANT_URI_PREFIX + " URI, found " + ParticipantSubject.quote(id));
            }
            return id;
        }
        return commonName(leaf);
    }

    private static String commonName(X509Certificate leaf) {
        RDN[] cns = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()
                || !(cns[0].getFirst().getValue() instanceof ASN1String cn) || cn.getString().isBlank()) {
            throw new UntrustedCertificateException("certificate #0 (" + leaf.getSubjectX500Principal() + ") names no"
                    + " participant: expected a " + ExchangeCa.PARTICIPANT_URI_PREFIX
                    + "<id> SAN URI or exactly one non-empty subject CN, found " + cns.length + " CNs");
        }
        return cn.getString();
    }
}
