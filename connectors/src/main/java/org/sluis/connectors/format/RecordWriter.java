package org.sluis.connectors.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Writes records to an output stream in one {@link RecordFormat}, one at a time, in constant
 * memory. Not thread-safe; used by the thread that reads the record cursor.
 */
public interface RecordWriter {

    /**
     * Writes one record. The writer does not keep it: the caller may reuse it afterwards.
     *
     * @param record the record
     * @throws IOException           if the stream fails
     * @throws IllegalStateException if {@link #finish()} was called
     */
    void write(ObjectNode record) throws IOException;

    /**
     * Writes what ends the document (the closing bracket of a JSON array, a CSV header when
     * there were no records but the columns were known) and flushes everything to the stream,
     * without closing it. Calling it again does nothing.
     *
     * @throws IOException if the stream fails
     */
    void finish() throws IOException;
}
