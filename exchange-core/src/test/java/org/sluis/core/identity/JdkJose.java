package org.sluis.core.identity;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JOSE by hand with nothing but the JDK, to show the exchange's tokens follow the standards rather than one library.
 *
 * <p>ECDSA signatures: the JCA speaks ASN.1 DER ({@code SEQUENCE { INTEGER r, INTEGER s }}), JWS speaks the fixed-width
 * big-endian concatenation {@code R || S}, 32 bytes each for P-256 (RFC 7518 §3.4).
 */
final class JdkJose {

    /** Bytes of R and of S in an ES256 signature. */
    static final int P256_HALF = 32;

    private JdkJose() {}

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64url(String text) {
        return b64url(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] fromB64url(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} to JOSE {@code R || S}, each left-padded to {@code half} bytes. */
    static byte[] derToJose(byte[] der, int half) {
        if (der[0] != 0x30) {
            throw new IllegalArgumentException("expected a DER SEQUENCE, found tag " + der[0]);
        }
        int offset = (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7F);
        byte[] out = new byte[2 * half];
        for (int i = 0; i < 2; i++) {
            if (der[offset] != 0x02) {
                throw new IllegalArgumentException("expected a DER INTEGER, found tag " + der[offset]);
            }
            int length = der[offset + 1];
            byte[] magnitude = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + length)).toByteArray();
            // toByteArray may add a sign byte (0x00) in front; drop it, then right-align into the half.
            int start = magnitude.length > half ? magnitude.length - half : 0;
            System.arraycopy(magnitude, start, out, (i + 1) * half - (magnitude.length - start), magnitude.length - start);
            offset += 2 + length;
        }
        return out;
    }

    /** JOSE {@code R || S} to DER {@code SEQUENCE { INTEGER r, INTEGER s }}, minimal positive INTEGERs. */
    static byte[] joseToDer(byte[] jose) {
        int half = jose.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(jose, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(jose, half, jose.length)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x02);
        body.write(r.length);
        body.writeBytes(r);
        body.write(0x02);
        body.write(s.length);
        body.writeBytes(s);
        byte[] content = body.toByteArray();
        if (content.length > 127) {
            throw new IllegalArgumentException("expected a P-256 sized signature, found " + jose.length + " bytes");
        }
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        der.write(content.length);
        der.writeBytes(content);
        return der.toByteArray();
    }

    /** The P-256 public key with affine coordinates {@code x} and {@code y} (RFC 7518 §6.2.1.2-3). */
    static ECPublicKey p256PublicKey(byte[] x, byte[] y) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON object in {@code json} that has {@code "kid":"<kid>"} and no nested objects, as a JWKS entry is. */
    static String objectWithKid(String json, String kid) {
        Matcher matcher = Pattern.compile("\\{[^{}]*\"kid\"\\s*:\\s*\"" + Pattern.quote(kid) + "\"[^{}]*}").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("expected a key with kid " + kid + ", found none");
        }
        return matcher.group();
    }

    /** The value of a string member of a flat JSON object (no escapes in the value, as in JOSE headers and JWKs). */
    static String stringMember(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("expected a string member " + name + ", found none");
        }
        return matcher.group(1);
    }
}
