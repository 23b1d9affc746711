package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteKeyTest {

    @Nested
    class KeyNames {
        @ParameterizedTest
        @ValueSource(strings = {"PeterNeumann", "sluis.example/ledger", "oid/1.3.6.1.4.1", "é-ü", "\u2014dash", "a\u007fb", "😀"})
        void acceptsNonEmptyNamesWithoutPlusSpaceOrControlCharacters(String name) {
            assertEquals(name, NoteKey.generate(name).name());
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "", "a+b", "+", "a b", "a\tb", "a\nb", "a\rb", "a\u000bb", "a\u000cb",
            "a\u0085b", // NEL, a space to Go's unicode.IsSpace
            "a\u00a0b", // no-break space
            "a\u2003b", // em space
            "a\u2028b", // line separator
            "a\u3000b", // ideographic space
            "a\u0001b", // control character, not allowed anywhere in a note
            "a\ud800b", // unpaired surrogate, not encodable as UTF-8
        })
        void rejectsEmptyNamesAndNamesWithPlusUnicodeSpacesOrControlCharacters(String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoteKey.generate(name));
            assertTrue(e.getMessage().startsWith("expected a key name that is non-empty"), e.getMessage());
        }

        @Test
        void rejectsAnInvalidNameWhenRebuildingFromASeed() {
            assertThrows(IllegalArgumentException.class, () -> NoteKey.fromSeed("bad name", new byte[32]));
        }
    }

    @Nested
    class FromSeed {
        @Test
        void derivesGosPeterNeumannVerifierKeyFromItsSignerKeySeed() {
            NoteKey key = GoNoteVectors.peterKey();
            assertEquals(GoNoteVectors.PETER_VERIFIER_KEY, key.verifierKey());
            assertEquals(0xc74f20a3, key.keyId());
        }

        @Test
        void returnsTheSeedItWasBuiltFrom() {
            assertArrayEquals(GoNoteVectors.peterSeed(), GoNoteVectors.peterKey().privateSeed());
        }

        @Test
        void rejectsASeedThatIsNot32Bytes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoteKey.fromSeed("n", new byte[31]));
            assertEquals("expected a 32-byte Ed25519 private key seed, found 31 bytes", e.getMessage());
        }

        @Test
        void copiesTheSeedSoLaterChangesDoNotLeakIn() {
            byte[] seed = GoNoteVectors.peterSeed();
            NoteKey key = NoteKey.fromSeed("PeterNeumann", seed);
            seed[0] ^= 1;
            assertEquals(GoNoteVectors.PETER_VERIFIER_KEY, key.verifierKey());
            assertArrayEquals(GoNoteVectors.peterSeed(), key.privateSeed());
        }
    }

    @Nested
    class Generate {
        @Test
        void producesAKeyThatRebuildsFromItsStoredSeed() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            NoteKey restored = NoteKey.fromSeed(key.name(), key.privateSeed());
            assertEquals(key.verifierKey(), restored.verifierKey());
            assertArrayEquals(key.rawPublicKey(), restored.rawPublicKey());
        }

        @Test
        void producesADifferentKeyEachTime() {
            assertNotEquals(NoteKey.generate("n").verifierKey(), NoteKey.generate("n").verifierKey());
        }

        @Test
        void producesAVerifierKeyThatParsesBackToTheSameVerifier() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            assertEquals(key.verifier(), NoteVerifier.parse(key.verifierKey()));
        }
    }

    @Nested
    class VerifierKey {
        @Test
        void isNamePlusEightHexDigitsPlusBase64OfTypeByteAndPublicKey() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            String[] parts = key.verifierKey().split("\\+", 3);
            assertEquals("sluis.example/ledger", parts[0]);
            assertEquals(String.format("%08x", key.keyId()), parts[1]);
            byte[] data = Base64.getDecoder().decode(parts[2]);
            assertEquals(33, data.length);
            assertEquals(0x01, data[0]);
            assertArrayEquals(key.rawPublicKey(), Arrays.copyOfRange(data, 1, 33));
        }

        @Test
        void usesADifferentKeyIdForCosignaturesThanForNoteSignatures() {
            NoteKey key = GoNoteVectors.peterKey();
            assertNotEquals(key.keyId(), key.cosignatureKeyId());
        }
    }

    @Nested
    class ToString {
        @Test
        void showsTheVerifierKeyAndNeverTheSeed() {
            NoteKey key = GoNoteVectors.peterKey();
            String shown = key.toString();
            assertEquals("NoteKey[" + GoNoteVectors.PETER_VERIFIER_KEY + "]", shown);
            assertFalse(shown.contains(Base64.getEncoder().encodeToString(key.privateSeed())));
        }
    }
}
