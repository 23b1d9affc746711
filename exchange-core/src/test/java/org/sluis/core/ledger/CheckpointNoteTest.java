package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CheckpointNoteTest {
    private static final String ORIGIN = "example.com/behind-the-sofa";
    private static final Instant TIME = Instant.ofEpochSecond(1679315147L);
    private static final Checkpoint CHECKPOINT = Checkpoint.parse(CheckpointTest.SPEC_BODY);

    /** Go's PeterNeumann seed under the checkpoint's origin as key name, so that the output is reproducible. */
    private static NoteKey key() {
        return NoteKey.fromSeed(ORIGIN, GoNoteVectors.peterSeed());
    }

    private static String signed() {
        return CheckpointNote.sign(CHECKPOINT, key(), TIME);
    }

    @Nested
    class Sign {
        @Test
        void writesTheCheckpointABlankLineTheEd25519LineAndTheCosignatureLine() {
            String[] lines = signed().split("\n", -1);
            assertEquals(7, lines.length);
            assertEquals(CheckpointTest.SPEC_BODY, lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");
            assertEquals("", lines[3]);
            assertEquals(SignedNote.sign(CHECKPOINT.body(), key()), CHECKPOINT.body() + "\n" + lines[4] + "\n");
            assertEquals(CosignatureV1.cosignatureLine(CHECKPOINT, key(), TIME.getEpochSecond()), lines[5] + "\n");
            assertEquals("", lines[6]);
        }

        @Test
        void reproducesThePinnedNote() throws IOException {
            // Self-generated regression vector (not from another implementation): catches any change to the format.
            assertEquals(pinnedNote(), signed());
        }

        @Test
        void leavesANoteThatAStandardVerifierAcceptsOnTheEd25519LineAlone() {
            assertEquals(CHECKPOINT.body(), SignedNote.verify(signed(), NoteVerifier.parse(key().verifierKey())));
        }

        @Test
        void dropsSubSecondPrecision() {
            SignedCheckpoint verified = CheckpointNote.verify(
                    CheckpointNote.sign(CHECKPOINT, key(), TIME.plusMillis(999)), key().verifier());
            assertEquals(TIME, verified.time());
        }

        @Test
        void rejectsATimeBeforeTheEpoch() {
            assertThrows(IllegalArgumentException.class, () -> CheckpointNote.sign(CHECKPOINT, key(), Instant.ofEpochSecond(-1)));
        }
    }

    @Nested
    class Verify {
        @Test
        void returnsTheCheckpointAndTheSignedTime() {
            SignedCheckpoint verified = CheckpointNote.verify(signed(), NoteVerifier.parse(key().verifierKey()));
            assertEquals(new SignedCheckpoint(CHECKPOINT, TIME), verified);
        }

        @Test
        void acceptsThePinnedNote() throws IOException {
            assertEquals(new SignedCheckpoint(CHECKPOINT, TIME), CheckpointNote.verify(pinnedNote(), key().verifier()));
        }

        @Test
        void roundTripsAGeneratedKeyAndACheckpointWithExtensions() {
            NoteKey key = NoteKey.generate("sluis.example/ledger");
            Checkpoint checkpoint = new Checkpoint("sluis.example/ledger", 0, CheckpointTest.root(), List.of("ext"));
            Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
            assertEquals(new SignedCheckpoint(checkpoint, now),
                    CheckpointNote.verify(CheckpointNote.sign(checkpoint, key, now), NoteVerifier.parse(key.verifierKey())));
        }

        @Test
        void ignoresWitnessCosignaturesAppendedAfterward() {
            NoteKey witness = NoteKey.generate("witness.example/w1");
            String note = signed() + CosignatureV1.cosignatureLine(CHECKPOINT, witness, TIME.getEpochSecond() + 5);
            assertEquals(TIME, CheckpointNote.verify(note, key().verifier()).time());
        }

        @Test
        void rejectsAChangedTreeSize() {
            assertReason(NoteException.Reason.INVALID_SIGNATURE, signed().replace("\n20852163\n", "\n20852162\n"));
        }

        @Test
        void rejectsAChangedRootHash() {
            assertReason(NoteException.Reason.INVALID_SIGNATURE, signed().replace("jxq2I=\n", "jxq2A=\n"));
        }

        @Test
        void rejectsAChangedOrigin() {
            assertReason(NoteException.Reason.INVALID_SIGNATURE, signed().replaceFirst("behind-the-sofa\n", "behind-the-couch\n"));
        }

        @Test
        void rejectsAChangedTimestamp() {
            assertReason(NoteException.Reason.INVALID_SIGNATURE, CosignatureV1Test.replaceTimestamp(signed(), TIME.getEpochSecond() - 3600));
        }

        @Test
        void rejectsANoteWithoutTheCosignatureLine() {
            String withoutCosignature = SignedNote.sign(CHECKPOINT.body(), key());
            NoteException e = assertThrows(NoteException.class, () -> CheckpointNote.verify(withoutCosignature, key().verifier()));
            assertEquals(NoteException.Reason.NO_SIGNATURE_BY_KEY, e.reason());
            assertTrue(e.getMessage().startsWith("expected a timestamped cosignature (type 0x04) by key " + ORIGIN + "+"), e.getMessage());
        }

        @Test
        void rejectsANoteWithoutTheEd25519Line() {
            String withoutEd25519 = CHECKPOINT.body() + "\n" + CosignatureV1.cosignatureLine(CHECKPOINT, key(), TIME.getEpochSecond());
            assertReason(NoteException.Reason.NO_SIGNATURE_BY_KEY, withoutEd25519);
        }

        @Test
        void rejectsANoteSignedByAnotherKeyWithTheSameName() {
            String byImpostor = CheckpointNote.sign(CHECKPOINT, NoteKey.generate(ORIGIN), TIME);
            assertReason(NoteException.Reason.NO_SIGNATURE_BY_KEY, byImpostor);
        }

        @Test
        void rejectsASignedTextThatIsNotACheckpoint() {
            NoteKey key = key();
            String text = "not a checkpoint\n";
            byte[] signature = key.sign(CosignatureV1.signedMessage(TIME.getEpochSecond(), text));
            byte[] payload = ByteBuffer.allocate(72).putLong(TIME.getEpochSecond()).put(signature).array();
            String note = SignedNote.sign(text, key) + SignedNote.signatureLine(key.name(), key.cosignatureKeyId(), payload);
            assertReason(NoteException.Reason.MALFORMED_CHECKPOINT, note);
        }

        private void assertReason(NoteException.Reason reason, String note) {
            NoteException e = assertThrows(NoteException.class, () -> CheckpointNote.verify(note, key().verifier()));
            assertEquals(reason, e.reason(), e.getMessage());
        }
    }

    private static String pinnedNote() throws IOException {
        try (InputStream in = CheckpointNoteTest.class.getResourceAsStream("checkpoint-note/behind-the-sofa.note")) {
            if (in == null) {
                throw new IllegalStateException("expected test resource checkpoint-note/behind-the-sofa.note, found none");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
