package org.sluis.connectors.format;

import java.util.Optional;

/**
 * Counts the records in bytes that pass through unparsed, for the completion entry of a transfer
 * that delivers its source's bytes as they are. One pass, one byte of state, no allocation.
 *
 * <ul>
 *   <li>NDJSON: each line holding anything but spaces, tabs and carriage returns is a record
 *       (blank lines are skipped, as the parser skips them); a last line without a newline counts.</li>
 *   <li>CSV (RFC 4180): each non-empty row is a record but the first, the header; a line break
 *       inside a quoted value does not end a row (a doubled quote inside one toggles twice and
 *       changes nothing).</li>
 * </ul>
 * JSON arrays are not counted this way (that needs a tokenizer), so they are never passed through.
 * The count describes well-formed input; what the source sends is delivered as it is either way.
 */
public final class RecordCounter {
    private final boolean csv;
    private long rows;
    private boolean rowHasContent;
    private boolean inQuotes;

    private RecordCounter(boolean csv) {
        this.csv = csv;
    }

    /**
     * A counter for bytes of {@code format}.
     *
     * @return empty for {@link SourceFormat#JSON}, which this cannot count
     */
    public static Optional<RecordCounter> of(SourceFormat format) {
        return switch (format) {
            case NDJSON -> Optional.of(new RecordCounter(false));
            case CSV -> Optional.of(new RecordCounter(true));
            case JSON -> Optional.empty();
        };
    }

    /** Counts the records that end in {@code bytes[offset, offset + length)}. */
    public void update(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && !inQuotes) {
                if (rowHasContent) {
                    rows++;
                }
                rowHasContent = false;
            } else if (b == '"' && csv) {
                inQuotes = !inQuotes;
                rowHasContent = true;
            } else if (csv ? b != '\r' : b != ' ' && b != '\t' && b != '\r') {
                rowHasContent = true;
            }
        }
    }

    /**
     * The records counted, the last one included even without a final line break.
     *
     * @return the count so far, as if the input ended here
     */
    public long records() {
        long all = rows + (rowHasContent ? 1 : 0);
        return csv ? Math.max(0, all - 1) : all;
    }
}
