package org.sluis.connectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A stream of records read one at a time, in constant memory: a source yields them as it reads
 * its upstream, each stage of the obligation pipeline wraps the one before, and the transfer
 * pulls from the last. Pull is the back-pressure: nothing is read before the consumer asks for
 * it. Blocking: a cursor is read on one worker thread, never on an event loop, and is not
 * thread-safe.
 *
 * <p>A record is a JSON object whose members are the record's fields in source order; values
 * are JSON scalars, or nested objects and arrays for sources that have them (FHIR). The cursor
 * owns each record until the next call to {@link #next()}: a stage may change it in place.
 */
public interface RecordCursor extends AutoCloseable {

    /**
     * Reads the next record.
     *
     * @return the record, or {@code null} once the stream has ended
     * @throws IOException if the upstream fails or yields data that is not records of the expected format
     */
    ObjectNode next() throws IOException;

    /** Releases the upstream (connection, cursor, file); safe to call more than once, and after a failure. */
    @Override
    void close();
}
