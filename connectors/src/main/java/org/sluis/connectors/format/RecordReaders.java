package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.sluis.connectors.RecordCursor;

/**
 * Opens record cursors over bytes in one of the {@link SourceFormat}s. Every reader streams: it
 * holds one record at a time (plus the parser's read buffer), whatever the size of the input, and
 * refuses a record beyond the {@link ReadLimits}. Errors name the line where the input went wrong.
 *
 * <p>JSON numbers are read exactly as written (floating-point ones as {@code BigDecimal}, trailing
 * zeros kept): the exchange passes providers' values on, it does not round them. An object with a
 * duplicate member name is refused, since two readers of it could disagree on its value. The JSON
 * readers build each record with a {@link JsonTreeReader}, not an {@code ObjectMapper}.
 */
public final class RecordReaders {

    private static final JsonFactory DEFAULT_JSON = json(ReadLimits.DEFAULT);
    private static final CsvFactory DEFAULT_CSV = csv(ReadLimits.DEFAULT);

    private RecordReaders() {
    }

    /**
     * Opens a cursor over {@code in} with the {@linkplain ReadLimits#DEFAULT default limits}.
     *
     * @param format how the bytes encode records
     * @param in     the bytes; the cursor owns it, and closing the cursor closes it
     * @return a cursor over the records
     * @throws IOException if the stream cannot be read
     */
    public static RecordCursor open(SourceFormat format, InputStream in) throws IOException {
        return open(format, in, ReadLimits.DEFAULT);
    }

    /**
     * Opens a cursor over {@code in}.
     *
     * @param format how the bytes encode records
     * @param in     the bytes; the cursor owns it, and closing the cursor closes it
     * @param limits what a single record may not exceed
     * @return a cursor over the records
     * @throws IOException if the stream cannot be read
     */
    public static RecordCursor open(SourceFormat format, InputStream in, ReadLimits limits) throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        RecordBudget budget = new RecordBudget(in, limits.maxRecordBytes());
        boolean defaults = limits.equals(ReadLimits.DEFAULT);
        try {
            return switch (format) {
                case NDJSON -> new NdjsonReader(parser(defaults ? DEFAULT_JSON : json(limits), budget), budget);
                case JSON -> new JsonArrayReader(parser(defaults ? DEFAULT_JSON : json(limits), budget), budget);
                case CSV -> new CsvReader(csvParser(defaults ? DEFAULT_CSV : csv(limits), budget), budget);
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Caps a cursor: it ends after {@code max} records, whatever is left upstream.
     *
     * @param cursor the cursor to cap; closing the result closes it
     * @param max    the most records to yield, positive
     * @return the capped cursor
     */
    public static RecordCursor limit(RecordCursor cursor, long max) {
        Objects.requireNonNull(cursor, "cursor");
        if (max < 1) {
            throw new IllegalArgumentException("expected a positive limit, found " + max);
        }
        return new LimitedCursor(cursor, max);
    }

    /** What a token is, in words, for messages. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    /**
     * Restates a parser or budget failure with the line it happened on. A parser's own message
     * may quote a few characters of the malformed input; never the source's name or URL.
     */
    static IOException at(JsonParser parser, IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new IOException("line " + parser.currentLocation().getLineNr() + ": " + message, e);
    }

    /** The JSON parsers' factory: the limits as stream read constraints, no source in error locations. */
    static JsonFactory json(ReadLimits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(constraints(limits))
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    private static CsvFactory csv(ReadLimits limits) {
        return CsvFactory.builder()
                .streamReadConstraints(constraints(limits))
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // Without columns in the schema each row is an array: the reader checks the header
                // and each row's width itself, with messages that say where.
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .build();
    }

    private static StreamReadConstraints constraints(ReadLimits limits) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxRecordBytes()))
                .build();
    }

    private static JsonParser parser(JsonFactory factory, InputStream in) throws IOException {
        return factory.createParser(in);
    }

    private static CsvParser csvParser(CsvFactory factory, InputStream in) throws IOException {
        CsvParser parser = factory.createParser(in);
        parser.setSchema(CsvSchema.emptySchema());
        return parser;
    }
}
