package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteVerifierTest {

    @Nested
    class Parse {
        @ParameterizedTest
        @ValueSource(strings = {
            GoNoteVectors.PETER_VERIFIER_KEY,
            GoNoteVectors.ENOCH_VERIFIER_KEY,
            // transparency-dev/formats note/note_cosigv1_test.go TestCoSigV1NewVerifier: '+' inside the base64
            "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
        })
        void acceptsPublishedEd25519VerifierKeysAndPrintsThemBackUnchanged(String verifierKey) {
            assertEquals(verifierKey, NoteVerifier.parse(verifierKey).verifierKey());
        }

        @Test
        void readsNameKeyIdAndPublicKey() {
            NoteVerifier verifier = NoteVerifier.parse(GoNoteVectors.PETER_VERIFIER_KEY);
            assertEquals("PeterNeumann", verifier.name());
            assertEquals(0xc74f20a3, verifier.keyId());
            assertEquals(32, verifier.rawPublicKey().length);
        }

        @Test
        void acceptsUppercaseHexLikeGoAndPrintsItLowercase() {
            NoteVerifier verifier = NoteVerifier.parse(GoNoteVectors.PETER_VERIFIER_KEY.replace("c74f20a3", "C74F20A3"));
            assertEquals(GoNoteVectors.PETER_VERIFIER_KEY, verifier.verifierKey());
        }

        @Test
        void rejectsEveryProperSubstringOfAValidKey() {
            // After Go's TestNewVerifier: every truncation from either end, and every inner slice.
            String key = GoNoteVectors.PETER_VERIFIER_KEY;
            List<Executable> checks = new ArrayList<>();
            for (int i = 0; i <= key.length(); i++) {
                for (int j = i + 1; j <= key.length(); j++) {
                    if (i != 0 || j != key.length()) {
                        String part = key.substring(i, j);
                        checks.add(() -> assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(part), part));
                    }
                }
            }
            assertAll(checks);
        }

        @Test
        void rejectsEverySingleCharacterIncrementOfAValidKey() {
            // After Go's TestNewVerifier: b[i]++ for every position.
            String key = GoNoteVectors.PETER_VERIFIER_KEY;
            List<Executable> checks = new ArrayList<>();
            for (int i = 0; i < key.length(); i++) {
                char[] chars = key.toCharArray();
                chars[i]++;
                String mangled = new String(chars);
                checks.add(() -> assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(mangled), mangled));
            }
            assertAll(checks);
        }

        @Test
        void rejectsGosWrongLengthKeyForItsNonCanonicalBase64() {
            // Go's TestNewVerifier: "wrong length key, with adjusted key hash". Its final quantum
            // "EY==" has non-zero padding bits, which Go decodes and this parser refuses first.
            String message = rejection("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
            assertTrue(message.startsWith("expected the key as non-empty standard padded base64"), message);
        }

        @Test
        void rejectsAKeyOfTheWrongLengthEvenWithAMatchingKeyId() {
            // The same 37 bytes canonically encoded; cc469956 is their key ID.
            String message = rejection("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEQ==");
            assertEquals("expected 33 key bytes (type 0x01 and a 32-byte Ed25519 public key), found 37", message);
        }

        @Test
        void rejectsAnUnknownSignatureTypeEvenWithAMatchingKeyId() {
            // Go's TestNewVerifier: "unknown algorithm, with adjusted key hash".
            String message = rejection("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
            assertEquals("expected signature type 0x01 (Ed25519, c2sp.org/signed-note) as the first key byte, found 0x65", message);
        }

        @Test
        void rejectsACosignatureVerifierKeyOfType04() {
            // transparency-dev/formats TestCoSigV1NewVerifier: a native type 0x04 key.
            String message = rejection("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
            assertTrue(message.endsWith("found 0x04"), message);
        }

        @Test
        void rejectsAKeyIdThatDoesNotMatchTheKey() {
            String message = rejection(GoNoteVectors.PETER_VERIFIER_KEY.replace("c74f20a3", "00000000"));
            assertEquals("expected key ID c74f20a3 = SHA-256(name || 0x0A || 0x01 || public key)[:4], found 00000000", message);
        }

        @ParameterizedTest
        @ValueSource(strings = {"c74f20a", "c74f20a3a", "c74f20g3", "-74f20a3", "+c74f20a", " c74f20a"})
        void rejectsAKeyIdThatIsNotEightHexDigits(String hex) {
            String message = rejection("PeterNeumann+" + hex + "+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
            assertTrue(message.contains("hex") || message.contains("base64") || message.contains("type"), message);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",   // truncated mid-quantum
            "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW",  // URL-safe alphabet
            "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=", // stray padding
            "",
        })
        void rejectsKeyDataThatIsNotCanonicalBase64(String data) {
            assertTrue(rejection("PeterNeumann+c74f20a3+" + data).contains("base64"));
        }

        @Test
        void rejectsAnInvalidKeyName() {
            assertTrue(rejection("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").contains("key name"));
        }

        @Test
        void rejectsAStringWithoutThreeParts() {
            assertEquals("expected a verifier key <name>+<8 hex digit key ID>+<base64 key>, found 'PeterNeumann+c74f20a3'",
                    rejection("PeterNeumann+c74f20a3"));
        }

        private String rejection(String verifierKey) {
            return assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(verifierKey)).getMessage();
        }
    }

    @Nested
    class CosignatureKeyId {
        @Test
        void matchesTheKeyIdOfAPublishedType04VerifierKey() {
            // remora.n621.de+da77ade7+base64(0x04 || key), from transparency-dev/formats note/note_cosigv1_test.go.
            byte[] typed = Base64.getDecoder().decode("BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
            assertEquals(0x04, typed[0]);
            NoteVerifier verifier = NoteVerifier.of("remora.n621.de", Arrays.copyOfRange(typed, 1, typed.length));
            assertEquals(0xda77ade7, verifier.cosignatureKeyId());
        }
    }

    @Nested
    class Equality {
        @Test
        void isByNameAndPublicKey() {
            NoteVerifier parsed = NoteVerifier.parse(GoNoteVectors.PETER_VERIFIER_KEY);
            assertEquals(GoNoteVectors.peterKey().verifier(), parsed);
            assertEquals(GoNoteVectors.peterKey().verifier().hashCode(), parsed.hashCode());
            assertEquals(GoNoteVectors.PETER_VERIFIER_KEY, parsed.toString());
        }
    }
}
