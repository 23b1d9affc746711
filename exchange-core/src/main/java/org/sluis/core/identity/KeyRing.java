package org.sluis.core.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * One purpose's {@link SigningKeys} as the running exchange sees them. {@link #keys()} only reads
 * memory, so it is safe on an event loop; {@link #refresh()} does the file work and is called off
 * the event loop every {@link #RELOAD_EVERY} (see the gateway), so a rotation made through any
 * instance sharing the data directory's keys reaches every instance within about that time, and a
 * retired key drops out once its time has run out.
 */
public final class KeyRing {
    /** How often an instance should {@link #refresh()}. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(1);

    private final Path dataDir;
    private final String purpose;
    private final Duration keepRetired;
    private final Clock clock;
    private volatile Loaded loaded;

    private record Loaded(SigningKeys keys, FileTime modified) {
    }

    /**
     * Loads (or creates) the keys of {@code purpose}; retired keys stay published for
     * {@code keepRetired}, or for good when it is null.
     */
    public KeyRing(Path dataDir, String purpose, Duration keepRetired, Clock clock) {
        this.dataDir = dataDir;
        this.purpose = purpose;
        this.keepRetired = keepRetired;
        this.clock = clock;
        this.loaded = load();
    }

    /** What the keys sign: {@code token} or {@code notary}. */
    public String purpose() {
        return purpose;
    }

    /** The keys now, from memory; the same instance until a {@link #refresh()} or rotation changes them. */
    public SigningKeys keys() {
        return loaded.keys();
    }

    /** Re-reads the key file if it changed or a retired key's time ran out. Blocking file I/O. */
    public void refresh() {
        Loaded current = loaded;
        if (!modified().equals(current.modified()) || !clock.instant().isBefore(current.keys().nextExpiry())) {
            loaded = load();
        }
    }

    /**
     * Rotates: logs the rotation, then makes a new current key and retires the old one. Blocking.
     *
     * @return the old and the new key id
     */
    public synchronized Rotated rotate(Ledger ledger, String actor, String requestId) {
        String old = keys().current().getKeyID();
        String next = SigningKeys.newKeyId(purpose);
        try {
            ledger.append(new LedgerEvent.KeyRotated(purpose, old, next), actor, requestId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        SigningKeys.rotate(dataDir, purpose, keepRetired, clock.instant(), next);
        loaded = load();
        return new Rotated(old, next);
    }

    /**
     * A rotation's outcome.
     *
     * @param oldKeyId the retired key
     * @param newKeyId the key that signs from now on
     */
    public record Rotated(String oldKeyId, String newKeyId) {
    }

    private Loaded load() {
        FileTime modified = modified();
        return new Loaded(SigningKeys.loadOrCreate(dataDir, purpose, clock.instant()), modified);
    }

    private FileTime modified() {
        try {
            Path file = SigningKeys.file(dataDir, purpose);
            return Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
