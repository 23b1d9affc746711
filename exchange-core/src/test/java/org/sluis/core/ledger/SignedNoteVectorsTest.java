package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@code signed-note/<outcome>/<case>.note} (see the README there): every note is verified
 * against Go's PeterNeumann key; {@code valid} notes must yield Go's text, the others must be
 * rejected for the reason their directory names.
 */
class SignedNoteVectorsTest {
    private static final NoteVerifier PETER = NoteVerifier.parse(GoNoteVectors.PETER_VERIFIER_KEY);

    static Stream<Arguments> vectors() throws IOException, URISyntaxException {
        URL root = SignedNoteVectorsTest.class.getResource("signed-note");
        if (root == null) {
            throw new IllegalStateException("expected the test resource directory signed-note next to this class, found none");
        }
        Path dir = Path.of(root.toURI());
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> notes = files.filter(p -> p.toString().endsWith(".note")).sorted().collect(Collectors.toList());
            return notes.stream().map(p -> Arguments.of(dir.relativize(p).toString(), p));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void noteHasTheOutcomeItsDirectoryNames(String name, Path file) throws IOException {
        String note = strictUtf8(Files.readAllBytes(file));
        String outcome = file.getParent().getFileName().toString();
        if (outcome.equals("valid")) {
            assertEquals(GoNoteVectors.TEXT, SignedNote.verify(note, PETER));
        } else {
            NoteException e = assertThrows(NoteException.class, () -> SignedNote.verify(note, PETER));
            assertEquals(NoteException.Reason.valueOf(outcome.toUpperCase(Locale.ROOT).replace('-', '_')), e.reason(),
                    e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void everyOutcomeDirectoryHasVectors() throws IOException, URISyntaxException {
        List<String> outcomes = vectors().map(a -> Path.of((String) a.get()[0]).getName(0).toString())
                .distinct().sorted().collect(Collectors.toList());
        assertEquals(List.of("invalid-signature", "malformed-note", "no-signature-by-key", "valid"), outcomes);
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
