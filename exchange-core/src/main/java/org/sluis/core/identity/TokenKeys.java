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
 * The exchange's access-token signing keys, kept in {@code <dataDir>/keys/token.jwks} (a JWK Set
 * with private parts, mode 0600): the current key first, then retired keys. A retired key carries
 * an {@code exp} (the moment the last token it signed expires) and is published until then, then
 * dropped. Created with one ES256 key on first start; replaced atomically on rotation, so every
 * instance sharing the file sees either the old set or the new one.
 *
 * @param current the key that signs new tokens
 * @param previous retired keys, still published for verification
 */
public record TokenKeys(ECKey current, List<ECKey> previous) {
    /** Requires a private current key. */
    public TokenKeys {
        if (!current.isPrivate()) {
            throw new IllegalArgumentException("the current token key must hold its private part");
        }
        previous = List.copyOf(previous);
    }

    /** Where the key set lives. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("keys").resolve("token.jwks");
    }

    /** Loads the key set (without retired keys past their {@code exp}), creating it on first use. */
    public static TokenKeys loadOrCreate(Path dataDir, Instant now) {
        Path file = file(dataDir);
        try {
            if (!Files.exists(file)) {
                write(file, new TokenKeys(newKey(), List.of()));
            }
            List<ECKey> keys = read(file);
            return new TokenKeys(keys.get(0), keys.subList(1, keys.size()).stream().filter(k -> stillPublished(k, now)).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token keys " + file, e);
        }
    }

    /**
     * Makes a new current key with id {@code newKeyId}; the old current key is retired and stays
     * published for {@code keepRetired} (the token lifetime plus clock skew). Returns the new set.
     */
    public static TokenKeys rotate(Path dataDir, Duration keepRetired, Instant now, String newKeyId) {
        TokenKeys old = loadOrCreate(dataDir, now);
        ECKey retired = new ECKey.Builder(old.current()).expirationTime(Date.from(now.plus(keepRetired))).build();
        List<ECKey> previous = new ArrayList<>();
        previous.add(retired);
        previous.addAll(old.previous());
        TokenKeys rotated = new TokenKeys(TokenIssuer.generateKey(newKeyId), previous);
        try {
            write(file(dataDir), rotated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rotated token keys to " + file(dataDir), e);
        }
        return rotated;
    }

    private static boolean stillPublished(ECKey key, Instant now) {
        return key.getExpirationTime() == null || key.getExpirationTime().toInstant().isAfter(now);
    }

    /** A fresh id for a token key. */
    public static String newKeyId() {
        return "token-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The moment the first retired key stops being published, if any is. */
    public Instant nextExpiry() {
        return previous.stream().map(ECKey::getExpirationTime).filter(d -> d != null).map(Date::toInstant)
                .min(Instant::compareTo).orElse(Instant.MAX);
    }

    private static ECKey newKey() {
        return TokenIssuer.generateKey(newKeyId());
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
    private static void write(Path file, TokenKeys keys) throws IOException {
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
