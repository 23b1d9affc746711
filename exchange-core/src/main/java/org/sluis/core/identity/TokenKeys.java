package org.sluis.core.identity;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The exchange's access-token signing keys, kept in {@code <dataDir>/keys/token.jwks} (a JWK Set
 * with private parts, mode 0600): the current key first, then retired keys that stay published
 * while tokens they signed may still be in use. Created with one ES256 key on first start.
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

    /** Loads the key set, creating it on first use. */
    public static TokenKeys loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("keys").resolve("token.jwks");
        try {
            if (!Files.exists(file)) {
                JWKSet fresh = new JWKSet(TokenIssuer.generateKey("token-" + UUID.randomUUID().toString().substring(0, 8)));
                Files.createDirectories(file.getParent());
                Files.writeString(file, fresh.toString(false), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            List<JWK> keys = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys();
            if (keys.isEmpty()) {
                throw new IllegalStateException(file + " holds no key");
            }
            List<ECKey> ec = new ArrayList<>();
            for (JWK k : keys) {
                if (!(k instanceof ECKey e)) {
                    throw new IllegalStateException(file + ": expected EC (ES256) keys, found " + k.getKeyType() + " key " + k.getKeyID());
                }
                ec.add(e);
            }
            return new TokenKeys(ec.get(0), ec.subList(1, ec.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token keys " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK Set: " + e.getMessage(), e);
        }
    }
}
