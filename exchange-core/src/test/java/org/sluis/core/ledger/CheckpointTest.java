package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {
    /** The example checkpoint text of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature. */
    static final String SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    static final String ROOT_BASE64 = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    static byte[] root() {
        return Base64.getDecoder().decode(ROOT_BASE64);
    }

    @Nested
    class Construct {
        @Test
        void copiesTheRootHashSoLaterChangesToTheArrayDoNotLeakIn() {
            byte[] hash = root();
            Checkpoint checkpoint = new Checkpoint("o", 1, hash);
            hash[0] ^= 1;
            assertArrayEquals(root(), checkpoint.rootHash());
        }

        @Test
        void returnsACopyOfTheRootHash() {
            Checkpoint checkpoint = new Checkpoint("o", 1, root());
            checkpoint.rootHash()[0] ^= 1;
            assertArrayEquals(root(), checkpoint.rootHash());
        }

        @Test
        void rejectsARootHashThatIsNot32Bytes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, new byte[31]));
            assertEquals("expected a 32-byte root hash, found 31 bytes", e.getMessage());
        }

        @Test
        void rejectsANegativeSize() {
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", -1, root()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "two\nlines", "tab\there", "cr\r"})
        void rejectsAnOriginThatIsNotOneNonEmptyLineOfNoteText(String origin) {
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint(origin, 1, root()));
        }

        @Test
        void rejectsAnEmptyExtensionLine() {
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, root(), List.of("ok", "")));
        }

        @Test
        void rejectsAnExtensionLineSpanningLines() {
            assertThrows(IllegalArgumentException.class, () -> new Checkpoint("o", 1, root(), List.of("a\nb")));
        }
    }

    @Nested
    class Body {
        @Test
        void isOriginSizeAndBase64RootEachEndingInANewline() {
            assertEquals(SPEC_BODY, new Checkpoint("example.com/behind-the-sofa", 20852163, root()).body());
        }

        @Test
        void writesTheEmptyTreeSizeAsZero() {
            assertTrue(new Checkpoint("o", 0, root()).body().startsWith("o\n0\n"));
        }

        @Test
        void appendsExtensionLinesAfterTheRootHash() {
            Checkpoint checkpoint = new Checkpoint("o", 7, root(), List.of("ext one", "ext two"));
            assertEquals("o\n7\n" + ROOT_BASE64 + "\next one\next two\n", checkpoint.body());
        }
    }

    @Nested
    class Parse {
        @Test
        void readsTheSpecExampleCheckpoint() {
            Checkpoint checkpoint = Checkpoint.parse(SPEC_BODY);
            assertEquals("example.com/behind-the-sofa", checkpoint.origin());
            assertEquals(20852163L, checkpoint.size());
            assertArrayEquals(root(), checkpoint.rootHash());
            assertEquals(List.of(), checkpoint.extensions());
        }

        @Test
        void roundTripsBodyWithExtensions() {
            Checkpoint checkpoint = new Checkpoint("sluis.example/ledger", Long.MAX_VALUE, root(), List.of("x", "y z"));
            assertEquals(checkpoint, Checkpoint.parse(checkpoint.body()));
        }

        @Test
        void acceptsTheEmptyTree() {
            assertEquals(0L, Checkpoint.parse("o\n0\n" + ROOT_BASE64 + "\n").size());
        }

        @ParameterizedTest
        @ValueSource(strings = {"01", "00", "+1", "-1", " 1", "1 ", "1_000", "0x10", "１", "9223372036854775808", "18446744073709551616"})
        void rejectsASizeThatIsNotPlainDecimalWithinRange(String size) {
            assertMalformed("o\n" + size + "\n" + ROOT_BASE64 + "\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I",        // padding missing
            "CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=",       // URL-safe alphabet
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=",       // non-zero padding bits
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx",           // 30 bytes
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=AAAA",   // 35 bytes
        })
        void rejectsARootHashThatIsNotCanonicalBase64Of32Bytes(String root) {
            assertMalformed("o\n1\n" + root + "\n");
        }

        @Test
        void rejectsAnEmptyOrigin() {
            assertMalformed("\n1\n" + ROOT_BASE64 + "\n");
        }

        @Test
        void rejectsAnEmptyLineAmongTheExtensions() {
            assertMalformed("o\n1\n" + ROOT_BASE64 + "\nx\n\ny\n");
        }

        @Test
        void rejectsATrailingEmptyLine() {
            assertMalformed(SPEC_BODY + "\n");
        }

        @Test
        void rejectsFewerThanThreeLines() {
            assertMalformed("o\n1\n");
        }

        @Test
        void rejectsATextWithoutTheFinalNewline() {
            assertMalformed(SPEC_BODY.substring(0, SPEC_BODY.length() - 1));
        }

        @Test
        void rejectsCarriageReturns() {
            assertMalformed(SPEC_BODY.replace("\n", "\r\n"));
        }

        @Test
        void explainsWhatWasExpectedAndWhatWasFound() {
            NoteException e = assertThrows(NoteException.class, () -> Checkpoint.parse("o\n007\n" + ROOT_BASE64 + "\n"));
            assertEquals("expected the tree size as decimal digits without sign or leading zeroes, found '007'", e.getMessage());
        }

        private void assertMalformed(String body) {
            NoteException e = assertThrows(NoteException.class, () -> Checkpoint.parse(body));
            assertEquals(NoteException.Reason.MALFORMED_CHECKPOINT, e.reason());
        }
    }

    @Nested
    class Equality {
        @Test
        void comparesRootHashContentNotArrayIdentity() {
            Checkpoint one = new Checkpoint("o", 1, root());
            Checkpoint two = new Checkpoint("o", 1, root());
            assertEquals(one, two);
            assertEquals(one.hashCode(), two.hashCode());
        }

        @Test
        void distinguishesDifferentRootHashes() {
            byte[] other = root();
            other[31] ^= 1;
            assertNotEquals(new Checkpoint("o", 1, root()), new Checkpoint("o", 1, other));
        }

        @Test
        void showsTheRootHashAsBase64() {
            assertEquals("Checkpoint[origin=o, size=1, rootHash=" + ROOT_BASE64 + ", extensions=[]]",
                    new Checkpoint("o", 1, root()).toString());
        }
    }
}
