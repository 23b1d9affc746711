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

class TokenKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void aRetiredKey_isPublishedUntilItsTokensExpire_thenDropped() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        TokenKeys first = TokenKeys.loadOrCreate(dataDir, t0);
        TokenKeys rotated = TokenKeys.rotate(dataDir, Duration.ofMinutes(6), t0, "token-new");
        assertEquals("token-new", rotated.current().getKeyID());
        assertEquals(first.current().getKeyID(), rotated.previous().get(0).getKeyID());
        assertEquals(1, TokenKeys.loadOrCreate(dataDir, t0.plus(Duration.ofMinutes(5))).previous().size(), "still published");
        assertEquals(0, TokenKeys.loadOrCreate(dataDir, t0.plus(Duration.ofMinutes(7))).previous().size(), "dropped after");
        assertEquals(t0.plus(Duration.ofMinutes(6)), rotated.nextExpiry());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TokenKeys.file(dataDir))));
        assertTrue(TokenKeys.loadOrCreate(dataDir, t0).current().isPrivate());
    }
}
