package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CosignatureV1Test {
    private static final long TIME = 1679315147L; // the time in tlog-cosignature's example message
    private static final Checkpoint SPEC_CHECKPOINT = Checkpoint.parse(CheckpointTest.SPEC_BODY);

    private static NoteKey key() {
        return GoNoteVectors.peterKey();
    }

    /** A checkpoint note carrying only the cosignature line. */
    private static String cosignedOnly(Checkpoint checkpoint, NoteKey key, long time) {
        return checkpoint.body() + "\n" + CosignatureV1.cosignatureLine(checkpoint, key, time);
    }

    private static byte[] decodedLine(String line) {
        String encoded = line.substring(line.lastIndexOf(' ') + 1, line.length() - 1);
        return Base64.getDecoder().decode(encoded);
    }

    @Nested
    class SignedMessage {
        @Test
        void isTheHeaderTheTimeLineAndTheCheckpointTextAsInTheSpecExample() {
            String expected = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n"
                    + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), CosignatureV1.signedMessage(TIME, SPEC_CHECKPOINT.body()));
        }
    }

    @Nested
    class CosignatureLine {
        @Test
        void isAnEmDashLineWithTheKeyNameAndBase64Of76Bytes() {
            String line = CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME);
            assertTrue(line.startsWith("\u2014 PeterNeumann "), line);
            assertTrue(line.endsWith("\n"), line);
            assertEquals(4 + 8 + 64, decodedLine(line).length);
        }

        @Test
        void carriesTheType04KeyIdThenTheBigEndianTimestamp() {
            ByteBuffer bytes = ByteBuffer.wrap(decodedLine(CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME)));
            NoteKey key = key();
            assertEquals(Ed25519.keyId("PeterNeumann", (byte) 0x04, key.rawPublicKey()), bytes.getInt());
            assertEquals(key.cosignatureKeyId(), bytes.getInt(0));
            assertEquals(TIME, bytes.getLong());
        }

        @Test
        void signsTheCosignatureMessageWithTheKey() {
            byte[] bytes = decodedLine(CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME));
            byte[] signature = Arrays.copyOfRange(bytes, 12, 76);
            assertTrue(key().verifier().verify(CosignatureV1.signedMessage(TIME, SPEC_CHECKPOINT.body()), signature));
        }

        @Test
        void isDeterministic() {
            assertEquals(CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME),
                    CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME));
        }

        @Test
        void rejectsANegativeTimestamp() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), -1));
            assertEquals("expected a POSIX timestamp in 0..2^63-1 seconds, found -1", e.getMessage());
        }

        @Test
        void framesTheSpecExampleWitnessLineTheSameWay() {
            // tlog-cosignature's example witness line (its key is not published, so only the framing
            // can be checked): key ID, then the timestamp of the spec's example message.
            String note = CheckpointTest.SPEC_BODY + "\n\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXE"
                    + "hZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
            ParsedNote.Line line = ParsedNote.parse(note).signatures().get(0);
            assertEquals(0x8d66cf3f, line.keyId());
            assertEquals(8 + 64, line.signature().length);
            assertEquals(TIME, ByteBuffer.wrap(line.signature()).getLong());
        }
    }

    @Nested
    class Verify {
        @Test
        void returnsTheSignedTimestamp() {
            assertEquals(TIME, CosignatureV1.verify(cosignedOnly(SPEC_CHECKPOINT, key(), TIME), key().verifier()));
        }

        @Test
        void coversExtensionLines() {
            Checkpoint checkpoint = new Checkpoint("o", 1, CheckpointTest.root(), List.of("ext"));
            String note = cosignedOnly(checkpoint, key(), TIME).replace("\next\n", "\nexu\n");
            assertReason(NoteException.Reason.INVALID_SIGNATURE, note);
        }

        @Test
        void rejectsAChangedTimestamp() {
            String note = cosignedOnly(SPEC_CHECKPOINT, key(), TIME);
            String forged = replaceTimestamp(note, TIME + 1);
            NoteException e = assertThrows(NoteException.class, () -> CosignatureV1.verify(forged, key().verifier()));
            assertEquals(NoteException.Reason.INVALID_SIGNATURE, e.reason());
            assertTrue(e.getMessage().contains("time 1679315148"), e.getMessage());
        }

        @Test
        void rejectsATimestampBeyondTwoToTheSixtyThirdMinusOne() {
            String forged = replaceTimestamp(cosignedOnly(SPEC_CHECKPOINT, key(), TIME), -1L);
            NoteException e = assertThrows(NoteException.class, () -> CosignatureV1.verify(forged, key().verifier()));
            assertEquals(NoteException.Reason.INVALID_SIGNATURE, e.reason());
            assertEquals("expected a cosignature timestamp of at most 2^63-1, found 18446744073709551615 in line 1", e.getMessage());
        }

        @Test
        void rejectsAChangedTreeSize() {
            String note = cosignedOnly(SPEC_CHECKPOINT, key(), TIME).replace("\n20852163\n", "\n20852164\n");
            assertReason(NoteException.Reason.INVALID_SIGNATURE, note);
        }

        @Test
        void rejectsAChangedRootHash() {
            String note = cosignedOnly(SPEC_CHECKPOINT, key(), TIME).replace("q2I=\n", "q2A=\n");
            assertReason(NoteException.Reason.INVALID_SIGNATURE, note);
        }

        @Test
        void rejectsACosignatureOfTheWrongLength() {
            NoteKey key = key();
            String note = SPEC_CHECKPOINT.body() + "\n" + SignedNote.signatureLine(key.name(), key.cosignatureKeyId(), new byte[71]);
            NoteException e = assertThrows(NoteException.class, () -> CosignatureV1.verify(note, key.verifier()));
            assertEquals(NoteException.Reason.INVALID_SIGNATURE, e.reason());
            assertEquals("expected 72 bytes (timestamp and signature) after the key ID in cosignature line 1, found 71", e.getMessage());
        }

        @Test
        void rejectsANoteWithOnlyTheEd25519LineAsLackingACosignature() {
            String note = SignedNote.sign(SPEC_CHECKPOINT.body(), key());
            assertReason(NoteException.Reason.NO_SIGNATURE_BY_KEY, note);
        }

        @Test
        void rejectsTwoCosignaturesByTheSameKeyAsAmbiguous() {
            String note = cosignedOnly(SPEC_CHECKPOINT, key(), TIME) + CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key(), TIME + 60);
            NoteException e = assertThrows(NoteException.class, () -> CosignatureV1.verify(note, key().verifier()));
            assertEquals(NoteException.Reason.MALFORMED_NOTE, e.reason());
            assertEquals("expected one cosignature by key PeterNeumann+" + String.format("%08x", key().cosignatureKeyId())
                    + ", found 2 (lines [1, 2])", e.getMessage());
        }

        @Test
        void rejectsACosignedTextThatIsNotACheckpoint() {
            // Built by hand: the public API only cosigns checkpoints.
            NoteKey key = key();
            String text = "not\na\ncheckpoint\n";
            byte[] signature = key.sign(CosignatureV1.signedMessage(TIME, text));
            byte[] payload = ByteBuffer.allocate(72).putLong(TIME).put(signature).array();
            String note = text + "\n" + SignedNote.signatureLine(key.name(), key.cosignatureKeyId(), payload);
            assertReason(NoteException.Reason.MALFORMED_CHECKPOINT, note);
        }

        @Test
        void isIgnoredByAStandardNoteVerifierBecauseItsKeyIdDiffers() {
            String note = cosignedOnly(SPEC_CHECKPOINT, key(), TIME);
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.verify(note, key().verifier()));
            assertEquals(NoteException.Reason.NO_SIGNATURE_BY_KEY, e.reason());
        }

        @Test
        void cannotBeReplayedAsAnEd25519NoteSignatureOverTheCosignatureMessage() {
            // The cosignature's signature bytes do verify over "cosignature/v1\ntime ...\n<body>" under
            // the same key; as a type 0x01 note that text is refused before any signature is checked.
            NoteKey key = key();
            byte[] bytes = decodedLine(CosignatureV1.cosignatureLine(SPEC_CHECKPOINT, key, TIME));
            String text = new String(CosignatureV1.signedMessage(TIME, SPEC_CHECKPOINT.body()), StandardCharsets.UTF_8);
            String replay = text + "\n" + SignedNote.signatureLine(key.name(), key.keyId(), Arrays.copyOfRange(bytes, 12, 76));
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.verify(replay, key.verifier()));
            assertEquals(NoteException.Reason.MALFORMED_NOTE, e.reason());
        }

        private void assertReason(NoteException.Reason reason, String note) {
            NoteException e = assertThrows(NoteException.class, () -> CosignatureV1.verify(note, key().verifier()));
            assertEquals(reason, e.reason(), e.getMessage());
        }
    }

    /** Rewrites the timestamp inside the note's last signature line, keeping key ID and signature. */
    static String replaceTimestamp(String note, long time) {
        int start = note.lastIndexOf(' ') + 1;
        byte[] bytes = Base64.getDecoder().decode(note.substring(start, note.length() - 1));
        ByteBuffer.wrap(bytes).putLong(4, time);
        return note.substring(0, start) + Base64.getEncoder().encodeToString(bytes) + "\n";
    }
}
