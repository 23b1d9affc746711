package org.sluis.core.identity;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * One purpose's ES256 signing keys ({@code token} signs access tokens, {@code notary} signs
 * agreements), kept in {@code <dataDir>/keys/<purpose>.jwks} (a JWK Set with private parts, mode
 * 0600): the current key first, then retired keys. A retired key that carries an {@code exp} (for
 * tokens: the moment the last token it signed expires) is published until then and dropped after;
 * one without (notary: agreements are verified for years) stays published. Created with one key
 * on first start; replaced atomically on rotation, so every instance sharing the file sees either
 * the old set or the new one.
 *
 * @param purpose what the keys sign
 * @param current the key that signs now
 * @param previous retired keys, still published for verification
 */
public record SigningKeys(String purpose, ECKey current, List<ECKey> previous) {
    /** Requires a private current key. */
    public SigningKeys {
        if (!current.isPrivate()) {
            throw new IllegalArgumentException("the current " + purpose + " key must hold its private part");
        }
        previous = List.copyOf(previous);
    }

    /** Where a purpose's key set lives. */
    public static Path file(Path dataDir, String purpose) {
        return dataDir.resolve("keys").resolve(purpose + ".jwks");
    }

    /** Loads a purpose's key set (without retired keys past their {@code exp}), creating it on first use. */
    public static SigningKeys loadOrCreate(Path dataDir, String purpose, Instant now) {
        Path file = file(dataDir, purpose);
        try {
            if (!Files.exists(file)) {
                write(file, new SigningKeys(purpose, TokenIssuer.generateKey(newKeyId(purpose)), List.of()));
            }
            List<ECKey> keys = read(file);
            return new SigningKeys(purpose, keys.get(0),
                    keys.subList(1, keys.size()).stream().filter(k -> stillPublished(k, now)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + purpose + " keys " + file, e);
        }
    }

    /**
     * Makes a new current key with id {@code newKeyId}; the old current key is retired and stays
     * published for {@code keepRetired}, or for good when that is null. Returns the new set.
     */
    public static SigningKeys rotate(Path dataDir, String purpose, Duration keepRetired, Instant now, String newKeyId) {
        SigningKeys old = loadOrCreate(dataDir, purpose, now);
        ECKey retired = keepRetired == null ? old.current()
                : new ECKey.Builder(old.current()).expirationTime(Date.from(now.plus(keepRetired))).build();
        List<ECKey> previous = new ArrayList<>();
        previous.add(retired);
        previous.addAll(old.previous());
        SigningKeys rotated = new SigningKeys(purpose, TokenIssuer.generateKey(newKeyId), previous);
        try {
            write(file(dataDir, purpose), rotated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rotated " + purpose + " keys to " + file(dataDir, purpose), e);
        }
        return rotated;
    }

    /** The public parts of every published key, current first. */
    public List<ECKey> publicKeys() {
        List<ECKey> all = new ArrayList<>();
        all.add(current.toPublicJWK());
        previous.forEach(k -> all.add(k.toPublicJWK()));
        return all;
    }

    private static boolean stillPublished(ECKey key, Instant now) {
        return key.getExpirationTime() == null || key.getExpirationTime().toInstant().isAfter(now);
    }

    /** A fresh id for a key of {@code purpose}, e.g. {@code token-1a2b3c4d}. */
    public static String newKeyId(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The moment the first retired key stops being published, if any is. */
    public Instant nextExpiry() {
        return previous.stream().map(ECKey::getExpirationTime).filter(d -> d != null).map(Date::toInstant)
                .min(Instant::compareTo).orElse(Instant.MAX);
    }

    private static List<ECKey> read(Path file) throws IOException {
        try {
            List<ECKey> ec = new ArrayList<>();
            for (JWK k : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                if (!(k instanceof ECKey e)) {
                    throw new IllegalStateException(file + ": expected EC (ES256) keys, found " + k.getKeyType() + " key " + k.getKeyID());
                }
                ec.add(e);
            }
            if (ec.isEmpty()) {
                throw new IllegalStateException(file + " holds no key");
            }
            return ec;
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK Set: " + e.getMessage(), e);
        }
    }

    /** Writes a new file beside the old one, owner-only, and moves it into place atomically. */
    private static void write(Path file, SigningKeys keys) throws IOException {
        List<JWK> all = new ArrayList<>();
        all.add(keys.current());
        all.addAll(keys.previous());
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "token", ".jwks.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, new JWKSet(all).toString(false), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
