package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV after RFC 4180: comma-separated, fields optionally in double quotes (which may hold commas,
 * line breaks and doubled quotes), the first row naming the fields. Each later row becomes a record
 * of text values, in header order; every row must have as many fields as the header (section 2.4).
 * Empty lines are skipped; an empty input has no records. Values are not typed: CSV cannot say
 * whether {@code 007} is a number.
 */
final class CsvReader extends ParsedCursor {
    private List<String> header;
    private long row;
    private int rowLine;

    CsvReader(CsvParser parser, RecordBudget budget) {
        super(parser, budget);
    }

    @Override
    ObjectNode read() throws IOException {
        if (header == null) {
            List<String> names = row();
            if (names == null) {
                return null;
            }
            header = checkedHeader(names, rowLine);
        }
        List<String> values = row();
        if (values == null) {
            return null;
        }
        row++;
        if (values.size() != header.size()) {
            throw new IOException("line " + rowLine + ": expected " + header.size() + " fields as in the header, found "
                    + values.size() + " in data row " + row);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.size(); i++) {
            record.put(header.get(i), values.get(i));
        }
        return record;
    }

    /** Reads one row's fields, or null at the end of input, and notes the line the row starts on. */
    private List<String> row() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new IllegalStateException("a CSV parser without columns yields rows as arrays, found " + token);
        }
        rowLine = parser.currentLocation().getLineNr();
        List<String> fields = new ArrayList<>(header == null ? 8 : header.size());
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            if (fields.isEmpty()) {
                // The row's own start token carries the previous row's line; its first value does not.
                rowLine = parser.currentTokenLocation().getLineNr();
            }
            fields.add(parser.getText());
        }
        return fields;
    }

    private static List<String> checkedHeader(List<String> names, int line) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new IOException("line " + line + ": expected a name for every column in the header, found column "
                        + (i + 1) + " empty");
            }
            if (!seen.add(name)) {
                throw new IOException("line " + line + ": expected unique column names in the header, found '" + name + "' twice");
            }
        }
        return List.copyOf(names);
    }
}
