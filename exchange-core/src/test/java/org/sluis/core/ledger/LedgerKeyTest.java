package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerKeyTest {
    @TempDir
    Path dataDir;

    @Test
    void formatThenParse_givesTheSameKey_evenWhenTheBase64HoldsAPlus() {
        int withPlus = 0;
        for (int i = 0; i < 200; i++) {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            String text = LedgerKey.format(key);
            withPlus += text.split("\\+", 5)[4].contains("+") ? 1 : 0;
            assertEquals(key.verifierKey(), LedgerKey.parse(text, "test").verifierKey());
        }
        assertTrue(withPlus > 0, "some keys had a + in their base64, so that case was exercised");
    }

    @Test
    void loadOrCreate_createsAnOwnerOnlyFile_andReturnsTheSameKeyNextTime() throws Exception {
        NoteKey first = LedgerKey.loadOrCreate(dataDir, URI.create("https://sluis.example.org"));
        assertEquals("sluis.example.org/ledger", first.name());
        Path file = dataDir.resolve("keys/ledger.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first.verifierKey(), LedgerKey.loadOrCreate(dataDir, URI.create("http://other")).verifierKey());
    }

    @Test
    void parse_refusesAKeyWhoseIdDoesNotMatch() {
        String text = LedgerKey.format(NoteKey.generate("a/ledger"));
        String[] p = text.split("\\+", 5);
        String wrongId = p[0] + "+" + p[1] + "+" + p[2] + "+00000000+" + p[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LedgerKey.parse(wrongId, "file"));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }
}
