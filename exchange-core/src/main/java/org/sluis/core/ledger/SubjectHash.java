package org.sluis.core.ledger;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.sluis.policy.consent.KeyedHash;

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
     * Hashes many subjects under one key, as records stream: {@link KeyedHash} absorbs the padded
     * key once, so each subject costs only the HMAC of its own bytes.
     */
    public static final class Hasher {
        private final KeyedHash keyed;

        /** A hasher under {@code key} (at least 32 bytes; copied). */
        public Hasher(byte[] key) {
            if (key.length < 32) {
                throw new IllegalArgumentException("expected a subject-hash key of at least 32 bytes, found " + key.length);
            }
            this.keyed = new KeyedHash(key);
        }

        /** The keyed hash of {@code subject}. */
        public SubjectHash hash(String subject) {
            return new SubjectHash(keyed.hash(subject));
        }
    }
}
