package org.sluis.core.consent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.sluis.core.ledger.SubjectHash;

/**
 * The secret key data subjects are hashed with ({@code <dataDir>/keys/subject.key}, 32 random
 * bytes, mode 0600). The exchange stores and logs subjects only as HMAC-SHA-256 under this key:
 * without it the hashes cannot be tested against guessed ids. Instances of one exchange share
 * the file, like the other keys in {@code keys/}; it is never rotated, since every stored hash
 * depends on it.
 */
public final class SubjectKey {
    private static final int LENGTH = 32;
    private final SubjectHash.Hasher hasher;

    private SubjectKey(byte[] key) {
        this.hasher = new SubjectHash.Hasher(key);
    }

    /** Reads the key, creating it on first start. Blocking file I/O. */
    public static SubjectKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("keys").resolve("subject.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[LENGTH];
                new SecureRandom().nextBytes(fresh);
                // Written whole under another name first, so no instance ever reads a half-written key.
                Path tmp = Files.createTempFile(file.getParent(), "subject", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.delete(tmp); // another instance created it first; use that one
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != LENGTH) {
                throw new IllegalStateException(file + " holds " + key.length + " bytes; expected a " + LENGTH + "-byte subject key");
            }
            return new SubjectKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the subject key " + file, e);
        }
    }

    /** The keyed hash of a custodian's pseudonymous subject id. */
    public SubjectHash hash(String subject) {
        return hasher.hash(subject);
    }
}
