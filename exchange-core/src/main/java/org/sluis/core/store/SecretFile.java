package org.sluis.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A 32-byte secret in the data directory's {@code keys/} (mode 0600), created on first start and
 * shared by every instance that shares the directory, like the other keys there. Written whole
 * under another name and moved into place, so no instance ever reads a half-written secret.
 */
public final class SecretFile {
    /** The length of every such secret: the HMAC-SHA-256 key size. */
    public static final int LENGTH = 32;

    private SecretFile() {
    }

    /**
     * Reads {@code <dataDir>/keys/<name>}, creating it with fresh random bytes if it is absent. Blocking file I/O.
     *
     * @throws IllegalStateException if the file holds other than {@value #LENGTH} bytes
     */
    public static byte[] loadOrCreate(Path dataDir, String name) {
        Path file = dataDir.resolve("keys").resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[LENGTH];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), name, ".tmp",
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
                throw new IllegalStateException(file + " holds " + key.length + " bytes; expected a " + LENGTH + "-byte secret");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
        }
    }
}
