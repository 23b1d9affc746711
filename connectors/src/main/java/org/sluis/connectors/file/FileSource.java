package org.sluis.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sluis.connectors.ByteSource;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.format.SourceFormat;

/**
 * Records read from one file under the operator's file root, in a {@link SourceFormat}.
 *
 * <p>Confinement, in two steps. At construction the path is refused
 * ({@link IllegalArgumentException}) if it could name something outside the root by its text alone:
 * empty, absolute, a drive letter, a backslash, a NUL or other control character, or a {@code ..}
 * segment. At {@link #open} both the root and the file are resolved with {@link Path#toRealPath},
 * which follows every symbolic link, and the file is refused ({@link IOException}) unless its real
 * path lies under the real root and it is a regular file; it is then opened by that real path
 * without following a link in its last segment. Links inside the root that stay inside it are
 * fine. What is left: someone who can write under the root could swap a directory for a link
 * between the check and the open; the root is the operator's, so that someone is already trusted.
 *
 * <p>Messages name the configured relative path, never the root: they may reach a participant.
 *
 * <p>A file cannot project, so every field is read and the pipeline drops what
 * {@link SourceRead#fields()} leaves out; {@link SourceRead#limit()} is applied here. A file has no
 * order key, so a read with {@link SourceRead#since()} is refused rather than answered from the
 * start.
 */
public final class FileSource implements ByteSource {
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");
    private static final Pattern DOT_DOT = Pattern.compile("(^|/)\\.\\.(/|$)");

    private final Path root;
    private final String relativePath;
    private final SourceFormat format;

    /**
     * Creates the source; touches no file.
     *
     * @param root         the operator's file root
     * @param relativePath the file, relative to the root, with {@code /} between segments
     * @param format       how the file encodes records
     * @throws IllegalArgumentException if the path is not a plain relative path
     */
    public FileSource(Path root, String relativePath, SourceFormat format) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.relativePath = checked(Objects.requireNonNull(relativePath, "relativePath"));
        this.format = Objects.requireNonNull(format, "format");
    }

    @Override
    public SourceFormat format() {
        return format;
    }

    /**
     * Opens the file, after checking it lies under the root.
     *
     * @param read on whose behalf; {@code since} must be empty
     * @return the file's bytes; the caller must close the stream
     * @throws NoSuchFileException      if the file does not exist
     * @throws IOException              if the file resolves outside the root, is not a regular file, or cannot be read
     * @throws IllegalArgumentException if {@code read} asks to resume from a point
     */
    @Override
    public InputStream openRaw(SourceRead read) throws IOException {
        if (read.since().isPresent()) {
            throw new IllegalArgumentException("expected no resume point for file " + relativePath
                    + ": a file has no order key to resume from, found since=" + read.since().get());
        }
        Path realRoot = root.toRealPath();
        Path real;
        try {
            real = realRoot.resolve(relativePath).toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(relativePath, null, "no such file under the file root");
        }
        if (!real.startsWith(realRoot)) {
            throw new IOException("refused file " + relativePath + ": it resolves outside the file root");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("expected a regular file at " + relativePath + ", found "
                    + (Files.isDirectory(real) ? "a directory" : "something else"));
        }
        return Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
    }

    private static String checked(String path) {
        String problem = null;
        if (path.isEmpty()) {
            problem = "found an empty path";
        } else if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem = "found a control character";
        } else if (path.indexOf('\\') >= 0) {
            problem = "found a backslash";
        } else if (path.startsWith("/") || DRIVE.matcher(path).find() || Path.of(path).isAbsolute()) {
            problem = "found an absolute path";
        } else if (DOT_DOT.matcher(path).find()) {
            problem = "found a '..' segment";
        }
        if (problem != null) {
            // The path itself is not repeated: it may hold the control characters it is refused for.
            throw new IllegalArgumentException("expected a relative path under the file root, " + problem);
        }
        return path;
    }

    @Override
    public String toString() {
        return "FileSource[" + relativePath + ", " + format.id() + "]";
    }
}
