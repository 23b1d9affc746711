package org.sluis.contracts.agreement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.canonical.CanonicalJsonException;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.PolicyValidator;
import org.sluis.contracts.odrl.Problem;

import java.util.List;
import java.util.Objects;

/**
 * Signs Agreements as a JWS in compact serialization (RFC 7515 section 7.1) with ES256 (RFC 7518
 * section 3.4: ECDSA on P-256 with SHA-256). The header is exactly
 * {@code {"alg":"ES256","kid":<key id>,"typ":"sluis-agreement+jws"}}: the explicit type keeps an
 * agreement signature from being accepted where another kind of token signed with the same key is
 * expected (RFC 8725 section 3.11). The payload is the RFC 8785 canonical form of the Agreement as
 * {@link OdrlCodec#toJson} writes it, so the signed bytes, the ledger hash ({@link #sha256Hex}) and
 * any party's re-canonicalisation of the document agree byte for byte.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AgreementSigner {

    /** The JWS {@code typ} of a signed agreement (RFC 7515 section 4.1.9, RFC 8725 section 3.11). */
    static final JOSEObjectType TYPE = new JOSEObjectType("sluis-agreement+jws");

    private static final OdrlCodec CODEC = new OdrlCodec();
    private static final PolicyValidator VALIDATOR = new PolicyValidator();

    private final ECDSASigner signer;
    private final JWSHeader header;

    /**
     * Creates a signer.
     *
     * @param key the exchange's current signing key: an EC P-256 private key with a non-blank
     *            {@code kid}, which is the id the verifier looks the public key up by
     * @throws NullPointerException     if {@code key} is null
     * @throws IllegalArgumentException if the key is not on P-256, has no private part or no {@code kid}
     */
    public AgreementSigner(ECKey key) {
        Objects.requireNonNull(key, "key");
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException("expected a P-256 key for ES256, found curve " + key.getCurve());
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("expected a private key to sign with, found only the public key '"
                    + key.getKeyID() + "'");
        }
        if (key.getKeyID() == null || key.getKeyID().isBlank()) {
            throw new IllegalArgumentException("expected the signing key to have a kid, found "
                    + (key.getKeyID() == null ? "none" : "'" + key.getKeyID() + "'"));
        }
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("expected a usable EC P-256 private key, found: " + e.getMessage(), e);
        }
        this.header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build();
    }

    /**
     * Signs an Agreement.
     *
     * @param agreement the Agreement; it must be valid under {@link PolicyValidator}, since the
     *                  verifier refuses anything else
     * @return the JWS compact serialization {@code header.payload.signature}
     * @throws NullPointerException     if {@code agreement} is null
     * @throws IllegalArgumentException if the policy is not an Agreement or not a valid ODRL policy
     * @throws CanonicalJsonException   if the Agreement holds an integer too large for RFC 8785
     *                                  (see {@link CanonicalJson})
     */
    public String sign(Policy agreement) {
        Objects.requireNonNull(agreement, "agreement");
        if (agreement.type() != PolicyType.AGREEMENT) {
            throw new IllegalArgumentException("expected an Agreement to sign, found " + agreement.type().term()
                    + " " + agreement.uid());
        }
        List<Problem> problems = VALIDATOR.validate(agreement);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("expected a valid ODRL Agreement to sign, found problems " + problems);
        }
        JWSObject jws = new JWSObject(header, new Payload(canonical(agreement)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            // The key was checked in the constructor, so this is a failing crypto provider, not bad input.
            throw new IllegalStateException("expected ES256 signing to succeed, found: " + e.getMessage(), e);
        }
        return jws.serialize();
    }

    /**
     * Returns the bytes that are signed and hashed for a policy: the RFC 8785 canonical form of
     * {@code new OdrlCodec().toJson(agreement)}.
     *
     * @param agreement the policy, normally an Agreement
     * @return a new array with the canonical UTF-8 bytes
     * @throws NullPointerException   if {@code agreement} is null
     * @throws CanonicalJsonException if the policy holds an integer too large for RFC 8785
     */
    public static byte[] canonical(Policy agreement) {
        Objects.requireNonNull(agreement, "agreement");
        return CanonicalJson.canonicalize(CODEC.toJson(agreement));
    }

    /**
     * Returns the SHA-256 of {@link #canonical(Policy)}, the hash the exchange records in its ledger;
     * it equals {@link AgreementVerifier.Verified#sha256Hex()} of the agreement's signature.
     *
     * @param agreement the policy, normally an Agreement
     * @return 64 lowercase hex digits
     * @throws NullPointerException   if {@code agreement} is null
     * @throws CanonicalJsonException if the policy holds an integer too large for RFC 8785
     */
    public static String sha256Hex(Policy agreement) {
        return Sha256.hex(canonical(agreement));
    }
}
