package org.sluis.core.consent;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sluis.core.ledger.SubjectHash;
import org.sluis.core.store.KeyFiles;
import org.sluis.core.store.SecretFile;
import org.sluis.policy.consent.KeyedHash;

/**
 * The secret key data subjects are hashed with ({@code <dataDir>/keys/subject.key}, 32 random
 * bytes, mode 0600). The exchange stores and logs subjects only as HMAC-SHA-256 under a key of
 * their custodian's, derived from this one: without it the hashes cannot be tested against guessed
 * ids. Instances of one exchange share the file, like the other keys in {@code keys/}; it is never
 * rotated, since every stored hash depends on it.
 *
 * <p><b>One key per custodian.</b> A subject id means something only to the custodian that
 * assigned it, and so does its hash: custodian {@code c}'s subjects are hashed under
 * {@code HKDF-Expand(subject.key, "custodian:" + c)} ({@link KeyedHash#derive}). Two custodians'
 * hashes of the same id differ, so the ledger cannot link one person across custodians. And a
 * custodian's key may be handed to that custodian's own database, which then filters its rows
 * by consent in SQL ({@code JdbcSource}): with it the custodian can hash only what it could hash
 * anyway, its own subjects, and learns nothing about anyone else's.
 */
public final class SubjectKey {
    /** What precedes the custodian's participant id in its key's derivation label. */
    static final String CUSTODIAN_LABEL = "custodian:";

    private final KeyedHash master;
    private final Map<String, KeyedHash> byCustodian = new ConcurrentHashMap<>();

    private SubjectKey(byte[] key) {
        this.master = new KeyedHash(key);
    }

    /** Reads the key, creating it on first start. Blocking file I/O. */
    public static SubjectKey loadOrCreate(Path dataDir) {
        return new SubjectKey(SecretFile.loadOrCreate(dataDir, KeyFiles.SUBJECT));
    }

    /** The keyed hash of a custodian's pseudonymous subject id. */
    public SubjectHash hash(String custodian, String subject) {
        return new SubjectHash(keyedHash(custodian).hash(subject));
    }

    /** The custodian's key as a {@link KeyedHash}, for the record filters that hash each streamed record's subject. */
    public KeyedHash keyedHash(String custodian) {
        return byCustodian.computeIfAbsent(custodian, c -> master.derive(CUSTODIAN_LABEL + c));
    }

    /**
     * The custodian's key itself, for the custodian's own database to compute the same hashes
     * (see the class comment for why that reveals nothing it does not know).
     *
     * @return 32 bytes, a new array
     */
    public byte[] keyBytes(String custodian) {
        return master.deriveKey(CUSTODIAN_LABEL + custodian);
    }
}
