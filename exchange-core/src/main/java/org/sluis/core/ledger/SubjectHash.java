package org.sluis.core.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A data subject as the ledger may name one: a keyed hash (HMAC-SHA-256) of the custodian's
 * pseudonymous id, never the id itself. The only way to make one is {@link #of}, so an entry
 * type that takes a {@code SubjectHash} cannot be handed personal data by mistake.
 *
 * @param value base64url (no padding) of the 32-byte HMAC
 */
public record SubjectHash(@JsonValue String value) {
    /** Requires the form {@link #of} produces. */
    public SubjectHash {
        if (value == null || !value.matches("[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("expected a base64url HMAC-SHA-256 (43 characters), found " + value);
        }
    }

    /** HMAC-SHA-256 of {@code subject} under {@code key} (at least 32 bytes). */
    public static SubjectHash of(byte[] key, String subject) {
        if (key.length < 32) {
            throw new IllegalArgumentException("expected a subject-hash key of at least 32 bytes, found " + key.length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(subject.getBytes(StandardCharsets.UTF_8));
            return new SubjectHash(Base64.getUrlEncoder().withoutPadding().encodeToString(h));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
