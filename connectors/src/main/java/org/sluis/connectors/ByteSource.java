package org.sluis.connectors;

import java.io.IOException;
import java.io.InputStream;
import org.sluis.connectors.format.RecordReaders;
import org.sluis.connectors.format.SourceFormat;

/**
 * A source whose records arrive as bytes in one of the {@link SourceFormat}s (an HTTP endpoint, a
 * file), which can therefore hand those bytes over unparsed. A transfer with no record-level
 * obligation, no projection, no limit and the source's own format passes them through as they
 * are: nothing to parse or re-encode, so it runs at the speed of the copy.
 */
public interface ByteSource extends RecordSource {

    /**
     * Opens the bytes and a cursor over the records they encode, at most {@code read.limit()} of
     * them; {@code fields} are not applied (the pipeline projects).
     *
     * @param read what to read and on whose behalf; {@code since} must be empty
     * @return a cursor the caller must close; it closes the bytes
     * @throws IOException if the bytes cannot be opened (see {@link #openRaw})
     */
    @Override
    default RecordCursor open(SourceRead read) throws IOException {
        RecordCursor cursor = RecordReaders.open(format(), openRaw(read));
        return read.limit().isPresent() ? RecordReaders.limit(cursor, read.limit().get()) : cursor;
    }

    /**
     * Tells how the bytes of {@link #openRaw} encode records.
     *
     * @return the source's format
     */
    SourceFormat format();

    /**
     * Opens the bytes as the source holds or sends them. {@code fields} and {@code limit} are not
     * applied (bytes have neither); {@code since} must be empty. Blocking.
     *
     * @param read on whose behalf
     * @return the bytes; the caller must close the stream
     * @throws IOException if the upstream cannot be reached or refuses, or the file cannot be opened
     */
    InputStream openRaw(SourceRead read) throws IOException;
}
