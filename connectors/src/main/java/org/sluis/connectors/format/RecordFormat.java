package org.sluis.connectors.format;

import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The formats records are delivered in, with their names in the API and their media types. */
public enum RecordFormat {
    /** Newline-delimited JSON: one compact JSON object per line, each line ended by {@code \n}. */
    NDJSON("ndjson", "application/x-ndjson"),
    /** RFC 4180 CSV in UTF-8: a header row, then one row per record, CRLF line ends. */
    CSV("csv", "text/csv"),
    /** One JSON array of the records, written as they come. */
    JSON("json", "application/json");

    private final String wire;
    private final String mediaType;

    RecordFormat(String wire, String mediaType) {
        this.wire = wire;
        this.mediaType = mediaType;
    }

    /**
     * Returns the name used in the API.
     *
     * @return e.g. {@code "ndjson"}
     */
    public String wire() {
        return wire;
    }

    /**
     * Returns the media type of a response in this format.
     *
     * @return e.g. {@code "application/x-ndjson"}
     */
    public String mediaType() {
        return mediaType;
    }

    /**
     * Finds the format an API name stands for.
     *
     * @param wire the name as found in a request; may be null
     * @return the format, or empty if {@code wire} names none (the match is exact)
     */
    public static Optional<RecordFormat> fromWire(String wire) {
        for (RecordFormat f : values()) {
            if (f.wire.equals(wire)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts writing records in this format. The writer buffers a few kilobytes and writes
     * through to {@code out} as it fills; it never closes {@code out}.
     *
     * @param out     where the bytes go
     * @param columns the CSV columns in order; empty to take the first record's field names. Ignored by the JSON formats
     * @return a writer; call {@link RecordWriter#finish()} after the last record
     */
    public RecordWriter writer(OutputStream out, List<String> columns) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(columns, "columns");
        switch (this) {
            case NDJSON:
                return new JsonRecordWriter(out, false);
            case CSV:
                return new CsvWriter(out, columns);
            default:
                return new JsonRecordWriter(out, true);
        }
    }
}
