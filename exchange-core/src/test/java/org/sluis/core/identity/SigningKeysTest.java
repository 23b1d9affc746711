package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void aRetiredKey_isPublishedUntilItsTokensExpire_thenDropped() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        SigningKeys first = SigningKeys.loadOrCreate(dataDir, "token", t0);
        SigningKeys rotated = SigningKeys.rotate(dataDir, "token", Duration.ofMinutes(6), t0, "token-new");
        assertEquals("token-new", rotated.current().getKeyID());
        assertEquals(first.current().getKeyID(), rotated.previous().get(0).getKeyID());
        assertEquals(1, SigningKeys.loadOrCreate(dataDir, "token", t0.plus(Duration.ofMinutes(5))).previous().size(), "still published");
        assertEquals(0, SigningKeys.loadOrCreate(dataDir, "token", t0.plus(Duration.ofMinutes(7))).previous().size(), "dropped after");
        assertEquals(t0.plus(Duration.ofMinutes(6)), rotated.nextExpiry());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(SigningKeys.file(dataDir, "token"))));
        assertTrue(SigningKeys.loadOrCreate(dataDir, "token", t0).current().isPrivate());
    }

    @Test
    void aRetiredNotaryKey_staysPublishedForGood() {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        SigningKeys first = SigningKeys.loadOrCreate(dataDir, "notary", t0);
        SigningKeys.rotate(dataDir, "notary", null, t0, "notary-new");
        SigningKeys years = SigningKeys.loadOrCreate(dataDir, "notary", t0.plus(Duration.ofDays(3650)));
        assertEquals("notary-new", years.current().getKeyID());
        assertEquals(first.current().getKeyID(), years.previous().get(0).getKeyID());
        assertEquals(Instant.MAX, years.nextExpiry());
    }
}
