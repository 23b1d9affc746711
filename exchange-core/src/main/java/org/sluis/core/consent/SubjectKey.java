package org.sluis.core.consent;

import java.nio.file.Path;
import org.sluis.core.ledger.SubjectHash;
import org.sluis.core.store.SecretFile;
import org.sluis.policy.consent.KeyedHash;

/**
 * The secret key data subjects are hashed with ({@code <dataDir>/keys/subject.key}, 32 random
 * bytes, mode 0600). The exchange stores and logs subjects only as HMAC-SHA-256 under this key:
 * without it the hashes cannot be tested against guessed ids. Instances of one exchange share
 * the file, like the other keys in {@code keys/}; it is never rotated, since every stored hash
 * depends on it.
 */
public final class SubjectKey {
    private final KeyedHash keyed;

    private SubjectKey(byte[] key) {
        this.keyed = new KeyedHash(key);
    }

    /** Reads the key, creating it on first start. Blocking file I/O. */
    public static SubjectKey loadOrCreate(Path dataDir) {
        return new SubjectKey(SecretFile.loadOrCreate(dataDir, "subject.key"));
    }

    /** The keyed hash of a custodian's pseudonymous subject id. */
    public SubjectHash hash(String subject) {
        return new SubjectHash(keyed.hash(subject));
    }

    /** The same key as a {@link KeyedHash}, for the record filters that hash each streamed record's subject. */
    public KeyedHash keyedHash() {
        return keyed;
    }
}
