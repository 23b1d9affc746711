package org.sluis.core.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
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
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Requires the form {@link #of} produces. */
    public SubjectHash {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("expected a base64url HMAC-SHA-256 (43 characters), found " + value);
        }
    }

    /** HMAC-SHA-256 of {@code subject} under {@code key} (at least 32 bytes). */
    public static SubjectHash of(byte[] key, String subject) {
        return new Hasher(key).hash(subject);
    }

    /**
     * Hashes many subjects under one key: each thread keys its own {@link Mac} once, since looking
     * up and keying a Mac costs far more than the HMAC of a short id, and records are hashed one by
     * one while they stream.
     */
    public static final class Hasher {
        private final ThreadLocal<Mac> macs;

        /** A hasher under {@code key} (at least 32 bytes; copied). */
        public Hasher(byte[] key) {
            if (key.length < 32) {
                throw new IllegalArgumentException("expected a subject-hash key of at least 32 bytes, found " + key.length);
            }
            SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
            this.macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(spec);
                    return mac;
                } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                    throw new IllegalStateException("every JDK has HmacSHA256", e);
                }
            });
        }

        /** The keyed hash of {@code subject}. */
        public SubjectHash hash(String subject) {
            byte[] h = macs.get().doFinal(subject.getBytes(StandardCharsets.UTF_8));
            return new SubjectHash(Base64.getUrlEncoder().withoutPadding().encodeToString(h));
        }
    }
}
