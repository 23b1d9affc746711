package org.sluis.connectors.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.format.SourceFormat;

class FileSourceTest {
    @TempDir
    Path dir;
    Path root;
    Path outside;

    static final SourceRead ALL = read(Optional.empty());

    static SourceRead read(Optional<Long> limit) {
        return new SourceRead(Set.of(), limit, Optional.empty(), "agr-1", "consumer-1", "tr-1");
    }

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/trips.ndjson"), "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
        Files.writeString(root.resolve("data/trips.csv"), "id,stop\n1,\"Amsterdam, Centraal\"\n");
        Files.writeString(outside.resolve("secret.ndjson"), "{\"secret\":true}\n");
    }

    static List<String> drain(RecordCursor cursor) throws IOException {
        try (cursor) {
            List<String> out = new ArrayList<>();
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                out.add(r.toString());
            }
            return out;
        }
    }

    @Nested
    class Open {
        @Test
        void readsNdjsonUnderTheRoot() throws IOException {
            assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"),
                    drain(new FileSource(root, "data/trips.ndjson", SourceFormat.NDJSON).open(ALL)));
        }

        @Test
        void readsCsvUnderTheRoot() throws IOException {
            assertEquals(List.of("{\"id\":\"1\",\"stop\":\"Amsterdam, Centraal\"}"),
                    drain(new FileSource(root, "data/trips.csv", SourceFormat.CSV).open(ALL)));
        }

        @Test
        void limit_stopsAfterThatManyRecords() throws IOException {
            assertEquals(2, drain(new FileSource(root, "data/trips.ndjson", SourceFormat.NDJSON)
                    .open(read(Optional.of(2L)))).size());
        }

        @Test
        void symlinkInsideTheRoot_isFollowed() throws IOException {
            Files.createSymbolicLink(root.resolve("latest.ndjson"), root.resolve("data/trips.ndjson"));
            assertEquals(3, drain(new FileSource(root, "latest.ndjson", SourceFormat.NDJSON).open(ALL)).size());
        }

        @Test
        void missingFile_isNoSuchFileNamingOnlyTheRelativePath() {
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> new FileSource(root, "data/none.ndjson", SourceFormat.NDJSON).open(ALL));
            assertEquals("data/none.ndjson", e.getFile());
            assertTrue(!e.getMessage().contains(root.toString()), e.getMessage());
        }

        @Test
        void directory_isRefused() {
            IOException e = assertThrows(IOException.class,
                    () -> new FileSource(root, "data", SourceFormat.NDJSON).open(ALL));
            assertEquals("expected a regular file at data, found a directory", e.getMessage());
        }

        @Test
        void resumePoint_isRefused() {
            SourceRead since = new SourceRead(Set.of(), Optional.empty(), Optional.of("2"), "agr-1", "c", "t");
            assertThrows(IllegalArgumentException.class,
                    () -> new FileSource(root, "data/trips.ndjson", SourceFormat.NDJSON).open(since));
        }
    }

    @Nested
    class Confinement {
        @Test
        void dotDotTraversal_isRefusedAtConstruction() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new FileSource(root, "../../etc/passwd", SourceFormat.CSV));
            assertEquals("expected a relative path under the file root, found a '..' segment", e.getMessage());
        }

        @Test
        void dotDotInTheMiddle_isRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class,
                    () -> new FileSource(root, "data/../../outside/secret.ndjson", SourceFormat.NDJSON));
        }

        @Test
        void absolutePath_isRefusedAtConstruction() {
            assertEquals("expected a relative path under the file root, found an absolute path",
                    assertThrows(IllegalArgumentException.class,
                            () -> new FileSource(root, "/etc/passwd", SourceFormat.CSV)).getMessage());
        }

        @Test
        void driveLetterAndBackslash_areRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class, () -> new FileSource(root, "C:/x.csv", SourceFormat.CSV));
            assertThrows(IllegalArgumentException.class, () -> new FileSource(root, "..\\x.csv", SourceFormat.CSV));
        }

        @Test
        void nulByte_isRefusedAtConstruction() {
            assertEquals("expected a relative path under the file root, found a control character",
                    assertThrows(IllegalArgumentException.class,
                            () -> new FileSource(root, "data/trips.ndjson\0.csv", SourceFormat.CSV)).getMessage());
        }

        @Test
        void emptyPath_isRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class, () -> new FileSource(root, "", SourceFormat.CSV));
        }

        @Test
        void symlinkToAFileOutsideTheRoot_isRefusedAtOpen() throws IOException {
            Files.createSymbolicLink(root.resolve("data/leak.ndjson"), outside.resolve("secret.ndjson"));
            IOException e = assertThrows(IOException.class,
                    () -> new FileSource(root, "data/leak.ndjson", SourceFormat.NDJSON).open(ALL));
            assertEquals("refused file data/leak.ndjson: it resolves outside the file root", e.getMessage());
        }

        @Test
        void symlinkedDirectoryOutsideTheRoot_isRefusedAtOpen() throws IOException {
            Files.createSymbolicLink(root.resolve("elsewhere"), outside);
            assertThrows(IOException.class,
                    () -> new FileSource(root, "elsewhere/secret.ndjson", SourceFormat.NDJSON).open(ALL));
        }

        @Test
        void rootThatIsItselfASymlink_stillServesItsOwnFiles() throws IOException {
            Path linkedRoot = Files.createSymbolicLink(dir.resolve("root-link"), root);
            assertEquals(3, drain(new FileSource(linkedRoot, "data/trips.ndjson", SourceFormat.NDJSON).open(ALL)).size());
        }
    }
}
