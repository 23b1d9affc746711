package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedNoteTest {
    private static final NoteVerifier PETER = NoteVerifier.parse(GoNoteVectors.PETER_VERIFIER_KEY);

    @Nested
    class Sign {
        @Test
        void reproducesGosSignedNoteByteForByte() {
            // Ed25519 is deterministic (RFC 8032 §5.1.6), so Go's TestSign output is reproducible.
            assertEquals(GoNoteVectors.PETER_NOTE, SignedNote.sign(GoNoteVectors.TEXT, GoNoteVectors.peterKey()));
        }

        @Test
        void producesANoteThatVerifiesWithTheKeysVerifier() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            String text = "line one\n\nline three after an empty line\n";
            assertEquals(text, SignedNote.verify(SignedNote.sign(text, key), key.verifier()));
        }

        @Test
        void producesANoteThatVerifiesWithTheParsedVerifierKey() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            NoteVerifier published = NoteVerifier.parse(key.verifierKey());
            assertEquals("hello\n", SignedNote.verify(SignedNote.sign("hello\n", key), published));
        }

        @Test
        void signsNonAsciiTextAsUtf8() {
            NoteKey key = NoteKey.generate("n");
            String text = "Ognuno sta solo sul cuor della terra\ned è subito sera. 😀\n";
            assertEquals(text, SignedNote.verify(SignedNote.sign(text, key), key.verifier()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "abc", "no final newline\nhere"})
        void rejectsTextThatIsEmptyOrLacksTheFinalNewline(String text) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SignedNote.sign(text, GoNoteVectors.peterKey()));
            assertTrue(e.getMessage().startsWith("expected non-empty note text ending in a newline"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"tab\there\n", "crlf\r\n", "nul\u0000\n", "surrogate\ud800\n"})
        void rejectsTextANoteCannotCarry(String text) {
            assertThrows(IllegalArgumentException.class, () -> SignedNote.sign(text, GoNoteVectors.peterKey()));
        }

        @Test
        void refusesTextThatStartsLikeACosignatureMessage() {
            String text = "cosignature/v1\ntime 1\n" + CheckpointTest.SPEC_BODY;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SignedNote.sign(text, GoNoteVectors.peterKey()));
            assertTrue(e.getMessage().contains("reserved for cosignature messages"), e.getMessage());
        }
    }

    @Nested
    class Verify {
        @Test
        void acceptsGosPublishedNoteAndReturnsItsText() {
            assertEquals(GoNoteVectors.TEXT, SignedNote.verify(GoNoteVectors.PETER_NOTE, PETER));
        }

        @Test
        void acceptsTheTwiceSignedNoteWithEitherKey() {
            String note = GoNoteVectors.PETER_NOTE + GoNoteVectors.ENOCH_SIGNATURE_LINE;
            assertEquals(GoNoteVectors.TEXT, SignedNote.verify(note, PETER));
            assertEquals(GoNoteVectors.TEXT, SignedNote.verify(note, NoteVerifier.parse(GoNoteVectors.ENOCH_VERIFIER_KEY)));
        }

        @Test
        void rejectsASignatureByADifferentKeyWithTheSameName() {
            NoteKey impostor = NoteKey.generate("PeterNeumann");
            NoteException e = assertThrows(NoteException.class,
                    () -> SignedNote.verify(SignedNote.sign(GoNoteVectors.TEXT, impostor), PETER));
            assertEquals(NoteException.Reason.NO_SIGNATURE_BY_KEY, e.reason());
            assertEquals("expected an Ed25519 signature by key PeterNeumann+c74f20a3, found signatures only by [PeterNeumann+"
                    + String.format("%08x", impostor.keyId()) + "]", e.getMessage());
        }

        @Test
        void rejectsAForgedLineThatCopiesTheKeyNameAndKeyId() {
            // A different key whose line claims PeterNeumann's name and ID: the known key is checked, and fails.
            NoteKey other = NoteKey.generate("PeterNeumann");
            String forged = GoNoteVectors.TEXT + "\n" + SignedNote.signatureLine("PeterNeumann", 0xc74f20a3,
                    other.sign(GoNoteVectors.TEXT.getBytes(StandardCharsets.UTF_8)));
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.verify(forged, PETER));
            assertEquals(NoteException.Reason.INVALID_SIGNATURE, e.reason());
            assertEquals("expected signature line 1 by key PeterNeumann+c74f20a3 to be a valid Ed25519 signature of the note"
                    + " text, found a 64-byte signature that does not verify", e.getMessage());
        }

        @Test
        void acceptsExactlyOneHundredSignatureLinesAndRejectsOneMore() {
            String hundred = GoNoteVectors.TEXT + "\n" + GoNoteVectors.PETER_SIGNATURE_LINE.repeat(100);
            assertEquals(GoNoteVectors.TEXT, SignedNote.verify(hundred, PETER));
            NoteException e = assertThrows(NoteException.class,
                    () -> SignedNote.verify(hundred + GoNoteVectors.ENOCH_SIGNATURE_LINE, PETER));
            assertEquals(NoteException.Reason.MALFORMED_NOTE, e.reason());
            assertEquals("expected at most 100 signature lines, found 101", e.getMessage());
        }

        @Test
        void findsTheSignatureBlockAfterTheLastBlankLine() {
            NoteKey key = NoteKey.generate("n");
            String text = "a\n\n\nb\n\n";
            assertEquals(text, SignedNote.verify(SignedNote.sign(text, key), key.verifier()));
        }

        @Test
        void explainsAMissingFinalNewline() {
            String note = GoNoteVectors.PETER_NOTE.substring(0, GoNoteVectors.PETER_NOTE.length() - 1);
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.verify(note, PETER));
            assertEquals(NoteException.Reason.MALFORMED_NOTE, e.reason());
            assertTrue(e.getMessage().startsWith("expected the last signature line to end with a newline, found '\u2014 PeterNeumann"),
                    e.getMessage());
        }
    }
}
