package org.sluis.core.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Checks an applicant's PKCS#10 request (RFC 2986) before the CA signs anything for it, cheapest
 * checks first: size, PEM shape, DER, key policy, signature algorithm, then the self-signature
 * that proves possession of the private key. Only the public key survives; the requested subject,
 * attributes and extensions are never read.
 */
final class CsrVerifier {

    /** Far above any real CSR (an RSA-8192 one is about 2.5 kB); bounds the work an upload can cause. */
    static final int MAX_PEM_CHARS = 64 * 1024;
    static final int MIN_RSA_BITS = 2048;
    /** Verifying with larger moduli costs time an applicant could make us spend for nothing. */
    static final int MAX_RSA_BITS = 8192;

    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");
    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption);

    private CsrVerifier() {
    }

    /**
     * Returns the public key of a CSR that passes every check.
     *
     * @param pemCsr one {@code CERTIFICATE REQUEST} PEM block, nothing else but whitespace
     * @return the applicant's public key, as it will appear in the certificate
     * @throws CsrException naming the first check that failed
     */
    static SubjectPublicKeyInfo verify(String pemCsr) {
        if (pemCsr == null) {
            throw new CsrException("expected a PEM CSR, found null");
        }
        if (pemCsr.length() > MAX_PEM_CHARS) {
            throw new CsrException("CSR too large: expected at most " + MAX_PEM_CHARS + " characters, found "
                    + pemCsr.length());
        }
        PKCS10CertificationRequest csr = parse(pemCsr);
        SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
        checkKey(key);
        checkSignatureAlgorithm(csr.getSignatureAlgorithm());
        checkProofOfPossession(csr, key);
        return key;
    }

    private static PKCS10CertificationRequest parse(String pemCsr) {
        PemObject block;
        try {
            block = Pem.readOneBlock(pemCsr);
        } catch (IllegalArgumentException e) {
            throw new CsrException("malformed CSR PEM: " + e.getMessage(), e);
        }
        String type = block.getType();
        if (!type.equals("CERTIFICATE REQUEST") && !type.equals("NEW CERTIFICATE REQUEST")) {
            throw new CsrException("expected a CERTIFICATE REQUEST PEM block, found a " + type + " block");
        }
        try {
            // Strict DER parse: BC refuses trailing bytes after the outer SEQUENCE.
            return new PKCS10CertificationRequest(block.getContent());
        } catch (IOException | RuntimeException e) {
            throw new CsrException("malformed CSR: expected a DER PKCS#10 CertificationRequest, found bytes that"
                    + " do not parse (" + e.getMessage() + ")", e);
        }
    }

    /** Accepts EC P-256/P-384 (named curve, point on the curve) and RSA 2048..8192 bits. */
    static void checkKey(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            checkEcKey(key);
        } else if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            checkRsaKey(key);
        } else {
            throw new CsrException("unsupported key algorithm: expected EC (P-256, P-384) or RSA (at least "
                    + MIN_RSA_BITS + " bits), found " + name(algorithm));
        }
    }

    private static void checkEcKey(SubjectPublicKeyInfo key) {
        ASN1Encodable parameters = key.getAlgorithm().getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new CsrException("unsupported EC key: expected a named curve (P-256 or P-384), found explicit"
                    + " or implicit curve parameters");
        }
        String curveName = CURVES.get(curve);
        if (curveName == null) {
            String found = ECNamedCurveTable.getName(curve);
            throw new CsrException("unsupported EC curve: expected P-256 (secp256r1) or P-384 (secp384r1), found "
                    + (found == null ? curve.getId() : found));
        }
        try {
            // decodePoint rejects coordinates that are not on the curve; infinity is checked here.
            ECPoint point = ECNamedCurveTable.getByOID(curve).getCurve()
                    .decodePoint(key.getPublicKeyData().getOctets());
            if (point.isInfinity()) {
                throw new IllegalArgumentException("point at infinity");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CsrException("invalid EC public key: expected a point on " + curveName + ", found "
                    + e.getMessage(), e);
        }
    }

    private static void checkRsaKey(SubjectPublicKeyInfo key) {
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(key.parsePublicKey());
        } catch (IOException | RuntimeException e) {
            throw new CsrException("invalid RSA public key: expected an RSAPublicKey structure, found bytes that do"
                    + " not parse", e);
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new CsrException("RSA key too weak: expected at least " + MIN_RSA_BITS + " bits, found " + bits);
        }
        if (bits > MAX_RSA_BITS) {
            throw new CsrException("RSA key too large: expected at most " + MAX_RSA_BITS + " bits, found " + bits);
        }
        BigInteger e = rsa.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new CsrException("invalid RSA public key: expected an odd public exponent of at least 3, found " + e);
        }
    }

    /**
     * Allows SHA-2 ECDSA and RSA PKCS#1 v1.5 only, with the parameters their RFCs fix: absent for
     * ECDSA (RFC 5758 §3.2), NULL or absent for RSA (RFC 4055 §5). The outer algorithm identifier
     * is not covered by the CSR's signature, so anything else there is malleable padding.
     */
    private static void checkSignatureAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (!SIGNATURE_ALGORITHMS.contains(oid)) {
            throw new CsrException("unsupported CSR signature algorithm: expected ECDSA or RSA PKCS#1 v1.5 with"
                    + " SHA-256, SHA-384 or SHA-512, found " + name(oid));
        }
        ASN1Encodable parameters = algorithm.getParameters();
        boolean ecdsa = oid.on(X9ObjectIdentifiers.ansi_X9_62);
        boolean allowed = parameters == null || (!ecdsa && DERNull.INSTANCE.equals(parameters));
        if (!allowed) {
            throw new CsrException("malformed CSR signature algorithm: expected " + name(oid) + " with "
                    + (ecdsa ? "no parameters" : "NULL or no parameters") + ", found " + parameters);
        }
    }

    private static void checkProofOfPossession(PKCS10CertificationRequest csr, SubjectPublicKeyInfo key) {
        boolean valid;
        try {
            // BC provider: it decodes the untrusted key itself, with its own on-curve check.
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            // BC reports a signature BIT STRING with unused bits as IllegalStateException.
            throw new CsrException("CSR signature does not verify: expected a signature by the private key of the"
                    + " CSR's public key (proof of possession), found an unusable signature", e);
        }
        if (!valid) {
            throw new CsrException("CSR signature does not verify: expected a signature by the private key of the"
                    + " CSR's public key (proof of possession), found a signature that does not match");
        }
    }

    private static String name(ASN1ObjectIdentifier algorithm) {
        return new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm);
    }
}
