package org.sluis.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Builds client assertions the way a client would, with Nimbus and real keys, and the ways an attacker would. */
final class AssertionMinter {

    private AssertionMinter() {}

    /** Claims of a good assertion by {@code clientId} at {@code now}: iss = sub, aud = issuer, 2 minutes, fresh jti. */
    static JWTClaimsSet.Builder claims(String clientId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(Fixtures.ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** The header of a good assertion: {@code alg}, {@code typ JWT}, and the participant's x5c. */
    static JWSHeader.Builder header(JWSAlgorithm algorithm, TestParticipant participant) {
        return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).x509CertChain(participant.x5c());
    }

    /** A good assertion by {@code participant}, signed with {@code algorithm}. */
    static String mint(TestParticipant participant, JWSAlgorithm algorithm) {
        return sign(header(algorithm, participant).build(), claims(participant.id(), Fixtures.NOW).build(),
                participant.keys().getPrivate());
    }

    /** A good ES256 assertion by {@code participant} with the given claims. */
    static String mint(TestParticipant participant, JWTClaimsSet claims) {
        return sign(header(JWSAlgorithm.ES256, participant).build(), claims, participant.keys().getPrivate());
    }

    /** Signs with Nimbus: ECDSA for an EC key, RSASSA for an RSA key, as the header's alg says. */
    static String sign(JWSHeader header, JWTClaimsSet claims, PrivateKey key) {
        try {
            JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with HMAC using {@code secret} as the key: the algorithm-confusion attack. */
    static String signHmac(JWSHeader header, JWTClaimsSet claims, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs the signing input of {@code header}.{@code claims} with a raw JCA algorithm, whatever the header claims. */
    static String signRaw(JWSHeader header, JWTClaimsSet claims, String jcaAlgorithm, PrivateKey key) {
        String input = header.toBase64URL() + "." + Base64URL.encode(claims.toString());
        try {
            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64URL.encode(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** base64url without padding of a UTF-8 string. */
    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The compact JWS with its payload replaced by {@code claims}, keeping header and signature. */
    static String withPayload(String compact, JWTClaimsSet claims) {
        String[] parts = compact.split("\\.");
        return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
    }

    /** The compact JWS with one bit of its signature flipped. */
    static String withFlippedSignatureBit(String compact) {
        String[] parts = compact.split("\\.");
        byte[] signature = new Base64URL(parts[2]).decode();
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }
}
