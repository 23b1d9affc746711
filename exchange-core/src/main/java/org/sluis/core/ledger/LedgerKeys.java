package org.sluis.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.sluis.core.store.KeyFiles;

/**
 * The ledger's checkpoint keys in the data directory: {@code keys/ledger.key} (the current key,
 * see {@link LedgerKey}) and {@code keys/ledger.retired} (the verifier keys of retired keys, one
 * per line, oldest first, which still verify the checkpoints they signed). Readers only read
 * memory; {@link #refresh()} re-reads the files and is called periodically off the event loop, so
 * a rotation made through any instance sharing the keys reaches all of them. A rotated key keeps
 * its name, which is the checkpoints' origin: the log stays the same log.
 */
public final class LedgerKeys {
    private final Path dir;
    private volatile Loaded loaded;

    private record Loaded(NoteKey current, List<NoteVerifier> retired, FileTime modified) {
    }

    private LedgerKeys(Path dir) {
        this.dir = dir;
        this.loaded = load();
    }

    /** Loads the keys, creating the first (named {@code <host[:port]>/ledger} after {@code publicUrl}) on first use. */
    public static LedgerKeys loadOrCreate(Path dataDir, URI publicUrl) {
        LedgerKey.loadOrCreate(dataDir, publicUrl);
        return new LedgerKeys(dataDir.resolve("keys"));
    }

    /** The key that signs checkpoints now, from memory. */
    public NoteKey current() {
        return loaded.current();
    }

    /** Retired keys, oldest first: they verify the checkpoints they signed. */
    public List<NoteVerifier> retired() {
        return loaded.retired();
    }

    /** Re-reads the key files if the current key's file changed. Blocking file I/O. */
    public void refresh() {
        if (!modified().equals(loaded.modified())) {
            loaded = load();
        }
    }

    /** A new key with the current key's name (the log's origin), not yet in use. */
    NoteKey successor() {
        return NoteKey.generate(current().name());
    }

    /**
     * Makes {@code next} the current key and retires the old one. Writes the retired list first
     * and the key file last (atomically), so a crash in between leaves the old key current and
     * merely listed as retired too. Blocking.
     *
     * @return the retired key's verifier
     */
    synchronized NoteVerifier rotate(NoteKey next) {
        NoteKey old = loaded.current();
        if (!next.name().equals(old.name())) {
            throw new IllegalArgumentException("a rotated ledger key keeps the log's name " + old.name() + ", found " + next.name());
        }
        try {
            Files.writeString(dir.resolve("ledger.retired"), old.verifierKey() + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Path tmp = Files.createTempFile(dir, "ledger", ".key.tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, LedgerKey.format(next) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(KeyFiles.LEDGER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rotated ledger key in " + dir, e);
        }
        loaded = load();
        return old.verifier();
    }

    private Loaded load() {
        try {
            FileTime modified = modified();
            Path file = dir.resolve(KeyFiles.LEDGER);
            NoteKey current = LedgerKey.parse(Files.readString(file, StandardCharsets.US_ASCII).strip(), file);
            List<NoteVerifier> retired = new ArrayList<>();
            Path retiredFile = dir.resolve("ledger.retired");
            if (Files.exists(retiredFile)) {
                for (String line : Files.readAllLines(retiredFile, StandardCharsets.US_ASCII)) {
                    NoteVerifier v = line.isBlank() ? null : NoteVerifier.parse(line.strip());
                    if (v != null && !retired.contains(v) && !v.verifierKey().equals(current.verifierKey())) {
                        retired.add(v);
                    }
                }
            }
            return new Loaded(current, List.copyOf(retired), modified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger keys in " + dir, e);
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(dir.resolve(KeyFiles.LEDGER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
