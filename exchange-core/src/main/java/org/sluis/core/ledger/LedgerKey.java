package org.sluis.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.sluis.core.store.KeyFiles;

/**
 * The ledger's checkpoint signing key, kept in {@code <dataDir>/keys/ledger.key} (mode 0600) in
 * the private-key form of Go's {@code golang.org/x/mod/sumdb/note}:
 * {@code PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>}, so standard tooling reads it too.
 * The key name is also the checkpoints' origin line; it is fixed when the key is created.
 */
public final class LedgerKey {
    private static final String PREFIX = "PRIVATE+KEY+";

    private LedgerKey() {
    }

    /** Loads the key, creating it (named {@code <host[:port]>/ledger} after {@code publicUrl}) on first use. */
    public static NoteKey loadOrCreate(Path dataDir, URI publicUrl) {
        Path file = dataDir.resolve("keys").resolve(KeyFiles.LEDGER);
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file).strip(), file);
            }
            NoteKey key = NoteKey.generate(publicUrl.getAuthority() + "/ledger");
            Files.createDirectories(file.getParent());
            Files.writeString(file, format(key) + "\n", StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger key " + file, e);
        }
    }

    /** The Go note private-key string for {@code key}. */
    public static String format(NoteKey key) {
        byte[] raw = new byte[33];
        raw[0] = 0x01;
        System.arraycopy(key.privateSeed(), 0, raw, 1, 32);
        return PREFIX + key.name() + "+" + HexFormat.of().toHexDigits(key.keyId()) + "+"
                + Base64.getEncoder().encodeToString(raw);
    }

    /** Parses the Go note private-key string; {@code source} names where it came from in errors. */
    public static NoteKey parse(String text, Object source) {
        String[] parts = text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split("\\+", 3) : new String[0]; // base64 may hold +
        if (parts.length != 3) {
            throw new IllegalArgumentException(source + ": expected PRIVATE+KEY+<name>+<hex id>+<base64 key>");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the key is not valid base64", e);
        }
        if (raw.length != 33 || raw[0] != 0x01) {
            throw new IllegalArgumentException(source + ": expected an Ed25519 key (type 0x01, 32 bytes)");
        }
        byte[] seed = new byte[32];
        System.arraycopy(raw, 1, seed, 0, 32);
        NoteKey key = NoteKey.fromSeed(parts[0], seed);
        if (!HexFormat.of().toHexDigits(key.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException(source + ": the key id " + parts[1] + " does not match the key ("
                    + HexFormat.of().toHexDigits(key.keyId()) + ")");
        }
        return key;
    }
}
