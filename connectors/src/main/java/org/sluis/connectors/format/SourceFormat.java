package org.sluis.connectors.format;

import java.util.Arrays;

/** How a source's bytes encode its records: the {@code format} of a dataset's http or file source. */
public enum SourceFormat {
    /** Newline-delimited JSON: one object per line. */
    NDJSON("ndjson"),
    /** One JSON array whose elements are the records. */
    JSON("json"),
    /** RFC 4180 CSV whose first row names the fields. */
    CSV("csv");

    private final String id;

    SourceFormat(String id) {
        this.id = id;
    }

    /**
     * Returns the name a dataset's source config uses.
     *
     * @return {@code ndjson}, {@code json} or {@code csv}
     */
    public String id() {
        return id;
    }

    /**
     * Finds the format a source config names.
     *
     * @param id {@code ndjson}, {@code json} or {@code csv}
     * @return the format
     * @throws IllegalArgumentException if {@code id} names none
     */
    public static SourceFormat of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected a format in [ndjson, json, csv], found '"
                        + id + "'"));
    }
}
