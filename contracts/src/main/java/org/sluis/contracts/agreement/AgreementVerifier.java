package org.sluis.contracts.agreement;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import org.sluis.contracts.agreement.AgreementVerificationException.Reason;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.contracts.canonical.CanonicalJsonException;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.contracts.odrl.PolicyType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Verifies agreements signed by {@link AgreementSigner} against the exchange's published keys
 * (current and rotated-out). Checks, in order, each refusing with its own
 * {@link AgreementVerificationException.Reason}:
 *
 * <ol>
 *   <li>three base64url parts (RFC 7515 section 7.1), each the one unpadded encoding of its bytes:
 *       the last character of a part can carry unused bits, and a decoder that ignores them would
 *       accept a changed JWS as the same one;</li>
 *   <li>a header that is one JSON object without duplicate names (RFC 7515 section 4) with
 *       {@code alg} exactly {@code ES256}, so {@code none}, HMAC (with a public key as secret) and
 *       RSA never reach a verifier (RFC 8725 sections 2.1 and 3.1), a non-blank {@code kid}, {@code typ}
 *       {@code sluis-agreement+jws} (RFC 8725 section 3.11) and nothing else, in particular no
 *       {@code crit} (RFC 7515 section 4.1.11: no extension is understood here);</li>
 *   <li>a published key with that {@code kid} that is an EC P-256 key not marked for another use
 *       or algorithm;</li>
 *   <li>the ES256 signature over the header and payload as given (Nimbus {@link ECDSAVerifier},
 *       which is handed a header built here, so nothing from the JWS header steers it);</li>
 *   <li>a payload that is its own RFC 8785 canonical form, so one agreement has one signed byte
 *       sequence and one ledger hash;</li>
 *   <li>a payload that reads as a valid ODRL policy of type Agreement ({@link OdrlCodec});</li>
 *   <li>in {@link #verify(String, JsonNode)}, a document whose canonical form is the payload.</li>
 * </ol>
 *
 * The payload is parsed only after the signature verified. Instances are immutable and thread-safe.
 */
public final class AgreementVerifier {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid", "typ");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final OdrlCodec CODEC = new OdrlCodec();

    /** The published keys by kid, sorted so messages list them in a stable order. */
    private final Map<String, JWK> keys;

    /**
     * A verified agreement.
     *
     * @param agreement the Agreement the payload holds
     * @param keyId     the {@code kid} of the key that signed it
     * @param canonical the signed payload, which is the agreement's RFC 8785 canonical form; copied
     *                  on the way in and out
     * @param sha256Hex SHA-256 of {@code canonical} in lowercase hex, as recorded in the ledger
     */
    public record Verified(Policy agreement, String keyId, byte[] canonical, String sha256Hex) {

        /** Checks every component is present and copies the bytes. */
        public Verified {
            Objects.requireNonNull(agreement, "agreement");
            Objects.requireNonNull(keyId, "keyId");
            canonical = Objects.requireNonNull(canonical, "canonical").clone();
            Objects.requireNonNull(sha256Hex, "sha256Hex");
        }

        /**
         * Returns the signed payload.
         *
         * @return a new copy of the canonical bytes
         */
        @Override
        public byte[] canonical() {
            return canonical.clone();
        }

        /** Compares the bytes by content, not by array identity as a record would. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Verified v && agreement.equals(v.agreement) && keyId.equals(v.keyId)
                    && Arrays.equals(canonical, v.canonical) && sha256Hex.equals(v.sha256Hex);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agreement, keyId, Arrays.hashCode(canonical), sha256Hex);
        }

        @Override
        public String toString() {
            return "Verified[agreement=" + agreement.uid() + ", keyId=" + keyId + ", canonical=" + canonical.length
                    + " bytes, sha256Hex=" + sha256Hex + "]";
        }
    }

    /**
     * Creates a verifier.
     *
     * @param publishedKeys the exchange's published keys, current and rotated-out; every key must
     *                      have a distinct {@code kid}. Keys of other types may be present: a JWS
     *                      naming one is refused when it is verified. The set is read once, here;
     *                      after a key rotation, create a new verifier
     * @throws NullPointerException     if {@code publishedKeys} is null
     * @throws IllegalArgumentException if the set is empty, or a key has no {@code kid} or shares one
     */
    public AgreementVerifier(JWKSet publishedKeys) {
        Objects.requireNonNull(publishedKeys, "publishedKeys");
        if (publishedKeys.isEmpty()) {
            throw new IllegalArgumentException("expected at least one published key, found none");
        }
        Map<String, JWK> byId = new TreeMap<>();
        for (JWK key : publishedKeys.getKeys()) {
            String kid = key.getKeyID();
            if (kid == null || kid.isBlank()) {
                throw new IllegalArgumentException("expected every published key to have a kid, found a "
                        + key.getKeyType() + " key without one");
            }
            if (byId.put(kid, key) != null) {
                throw new IllegalArgumentException("expected distinct kids among the published keys, found '" + kid
                        + "' twice");
            }
        }
        this.keys = Collections.unmodifiableMap(byId);
    }

    /**
     * Verifies a signed agreement.
     *
     * @param jws the JWS compact serialization
     * @return the agreement, the key that signed it and the signed bytes with their hash
     * @throws NullPointerException           if {@code jws} is null
     * @throws AgreementVerificationException if any check in the class description fails
     */
    public Verified verify(String jws) throws AgreementVerificationException {
        Objects.requireNonNull(jws, "jws");
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw refused(Reason.MALFORMED, "expected a JWS of three base64url parts separated by '.', found "
                    + parts.length + " part" + (parts.length == 1 ? "" : "s"));
        }
        byte[] headerBytes = decode(parts[0], "header");
        byte[] payload = decode(parts[1], "payload");
        byte[] signature = decode(parts[2], "signature");
        String kid = checkHeader(headerBytes);
        ECKey key = publishedKey(kid);
        checkSignature(key, kid, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
        checkCanonical(payload);
        return new Verified(agreement(payload), kid, payload, Sha256.hex(payload));
    }

    /**
     * Verifies a signed agreement and that it is the given document.
     *
     * @param jws               the JWS compact serialization
     * @param agreementDocument the agreement as presented alongside the signature (e.g. in a
     *                          request); it matches if its RFC 8785 canonical form is the payload
     * @return as {@link #verify(String)}
     * @throws NullPointerException           if an argument is null
     * @throws AgreementVerificationException if {@link #verify(String)} refuses the JWS, or the
     *                                        document's canonical form differs from the payload
     */
    public Verified verify(String jws, JsonNode agreementDocument) throws AgreementVerificationException {
        Objects.requireNonNull(agreementDocument, "agreementDocument");
        Verified verified = verify(jws);
        byte[] document;
        try {
            document = CanonicalJson.canonicalize(agreementDocument);
        } catch (CanonicalJsonException e) {
            throw refused(Reason.DOCUMENT_MISMATCH, "expected an agreement document with an RFC 8785 canonical"
                    + " form, found: " + e.getMessage());
        }
        if (!Arrays.equals(document, verified.canonical)) {
            throw refused(Reason.DOCUMENT_MISMATCH, "expected the agreement document to be the signed agreement"
                    + " (canonical sha256 " + verified.sha256Hex() + "), found a document with canonical sha256 "
                    + Sha256.hex(document));
        }
        return verified;
    }

    /** Decodes one part, refusing anything but the unique unpadded base64url encoding of its bytes. */
    private static byte[] decode(String part, String what) throws AgreementVerificationException {
        if (!BASE64URL.matcher(part).matches()) {
            throw refused(Reason.MALFORMED, "expected the JWS " + what + " as non-empty unpadded base64url, found "
                    + (part.isEmpty() ? "an empty part" : "'" + abbreviate(part) + "'"));
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw refused(Reason.MALFORMED, "expected the JWS " + what + " as base64url, found a part of length "
                    + part.length() + " that does not decode: " + e.getMessage());
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
            throw refused(Reason.MALFORMED, "expected the JWS " + what + " in canonical base64url (unused bits of the"
                    + " last character zero), found '" + abbreviate(part) + "'");
        }
        return bytes;
    }

    /** Checks the header and returns its kid. */
    private static String checkHeader(byte[] bytes) throws AgreementVerificationException {
        JsonNode header;
        try {
            header = STRICT.readTree(bytes);
        } catch (IOException e) {
            throw refused(Reason.MALFORMED, "expected the JWS header to be one JSON object without duplicate"
                    + " names, found: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw refused(Reason.MALFORMED, "expected the JWS header to be a JSON object, found "
                    + (header == null ? "nothing" : header.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        String alg = text(header, "alg");
        if (!JWSAlgorithm.ES256.getName().equals(alg)) {
            throw refused(Reason.ALGORITHM, "expected alg ES256, found " + quoted(alg));
        }
        String kid = text(header, "kid");
        if (kid == null || kid.isBlank()) {
            throw refused(Reason.KEY_ID, "expected a kid naming the signing key, found " + quoted(kid));
        }
        String typ = text(header, "typ");
        if (!AgreementSigner.TYPE.getType().equals(typ)) {
            throw refused(Reason.TYPE, "expected typ " + AgreementSigner.TYPE.getType() + ", found " + quoted(typ));
        }
        if (header.has("crit")) {
            throw refused(Reason.HEADER, "expected no crit header parameter (no JWS extension is understood here),"
                    + " found " + header.get("crit"));
        }
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!HEADER_MEMBERS.contains(name)) {
                throw refused(Reason.HEADER, "expected only the header parameters alg, kid and typ, found '"
                        + name + "'");
            }
        }
        return kid;
    }

    /** Returns a string member, or null if absent; a non-string value is malformed. */
    private static String text(JsonNode header, String name) throws AgreementVerificationException {
        JsonNode value = header.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw refused(Reason.MALFORMED, "expected header parameter " + name + " to be a string, found " + value);
        }
        return value.asText();
    }

    private ECKey publishedKey(String kid) throws AgreementVerificationException {
        JWK key = keys.get(kid);
        if (key == null) {
            throw refused(Reason.UNKNOWN_KEY, "signed by key '" + kid + "', which is not among the published keys "
                    + keys.keySet());
        }
        if (!(key instanceof ECKey ec)) {
            throw refused(Reason.KEY, "expected published key '" + kid + "' to be an EC P-256 key, found key type "
                    + key.getKeyType());
        }
        if (!Curve.P_256.equals(ec.getCurve())) {
            throw refused(Reason.KEY, "expected published key '" + kid + "' to be an EC P-256 key, found curve "
                    + ec.getCurve());
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw refused(Reason.KEY, "expected published key '" + kid + "' to be for use sig, found use "
                    + key.getKeyUse());
        }
        if (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm())) {
            throw refused(Reason.KEY, "expected published key '" + kid + "' to be for alg ES256, found alg "
                    + key.getAlgorithm());
        }
        return ec;
    }

    private static void checkSignature(ECKey key, String kid, byte[] signingInput, byte[] signature)
            throws AgreementVerificationException {
        // The header handed to Nimbus is built from the checked values, never parsed from the JWS.
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(AgreementSigner.TYPE).build();
        boolean valid;
        try {
            valid = new ECDSAVerifier(key.toECPublicKey()).verify(header, signingInput, Base64URL.encode(signature));
        } catch (JOSEException e) {
            throw refused(Reason.KEY, "expected published key '" + kid + "' to be a usable EC P-256 public key,"
                    + " found: " + e.getMessage());
        }
        if (!valid) {
            throw refused(Reason.SIGNATURE, "expected a valid ES256 signature by key '" + kid + "', found a "
                    + signature.length + "-byte signature that does not verify");
        }
    }

    private static void checkCanonical(byte[] payload) throws AgreementVerificationException {
        byte[] canonical;
        try {
            canonical = CanonicalJson.canonicalize(payload);
        } catch (CanonicalJsonException e) {
            throw refused(Reason.NOT_CANONICAL, "expected the payload to be RFC 8785 canonical JSON, found: "
                    + e.getMessage());
        }
        int at = Arrays.mismatch(canonical, payload);
        if (at >= 0) {
            throw refused(Reason.NOT_CANONICAL, "expected the payload in RFC 8785 canonical form (" + canonical.length
                    + " bytes), found " + payload.length + " bytes that first differ from it at byte offset " + at);
        }
    }

    private static Policy agreement(byte[] payload) throws AgreementVerificationException {
        PolicyRead read = CODEC.read(new String(payload, StandardCharsets.UTF_8));
        if (read instanceof PolicyRead.Invalid invalid) {
            List<?> problems = invalid.problems();
            throw refused(Reason.NOT_AN_AGREEMENT, "expected the payload to be a valid ODRL Agreement, found "
                    + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " " + problems);
        }
        Policy policy = ((PolicyRead.Valid) read).policy();
        if (policy.type() != PolicyType.AGREEMENT) {
            throw refused(Reason.NOT_AN_AGREEMENT, "expected the payload to be an ODRL Agreement, found "
                    + policy.type().term() + " " + policy.uid());
        }
        return policy;
    }

    private static String quoted(String value) {
        return value == null ? "none" : "'" + value + "'";
    }

    private static String abbreviate(String part) {
        return part.length() <= 40 ? part : part.substring(0, 20) + "..." + part.substring(part.length() - 12);
    }

    private static AgreementVerificationException refused(Reason reason, String message) {
        return new AgreementVerificationException(reason, message);
    }
}
