package org.sluis.connectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV in UTF-8: a header row of the column names, then one row per record, every row
 * ended by CRLF (§2.1, 2.3). The columns are the ones given, else the first record's field
 * names; each record is written in that column order, a field it lacks (or a null) as an empty
 * cell, fields outside the columns not at all. A cell holding a comma, a double quote, CR or LF
 * is enclosed in double quotes with its quotes doubled (§2.6, 2.7). A string is its text, a
 * number or boolean its JSON text, a nested value its compact JSON text.
 *
 * <p><b>Formula injection</b> (OWASP "CSV Injection"): a spreadsheet opening the file runs a
 * cell starting with {@code =}, {@code +}, {@code -} or {@code @} as a formula (tab and CR too,
 * in some). The data comes from another institution and is opened by people, so a string cell or
 * header name starting with one of these six characters gets a {@code '} in front, which
 * spreadsheets show as text; quoting alone does not stop them. Numbers are never prefixed (their
 * text is a plain number, {@code -5} stays {@code -5}), so only text that looks like a formula
 * changes. The price: a string value such as {@code "-12"} or {@code "=x"} arrives as
 * {@code '-12} or {@code '=x}; a consumer that needs every value exactly uses NDJSON or JSON.
 */
final class CsvWriter implements RecordWriter {
    private static final String CRLF = "\r\n";

    private final Writer out;
    private final List<String> given;
    private String[] columns;
    private boolean finished;

    CsvWriter(OutputStream out, List<String> columns) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 13);
        this.given = List.copyOf(columns);
    }

    @Override
    public void write(ObjectNode record) throws IOException {
        if (finished) {
            throw new IllegalStateException("expected records before finish(), found one after");
        }
        if (columns == null) {
            header(given.isEmpty() ? names(record) : given);
        }
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            JsonNode value = record.get(columns[i]);
            if (value != null && !value.isNull()) {
                cell(value);
            }
        }
        out.write(CRLF);
    }

    @Override
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (columns == null && !given.isEmpty()) {
                header(given);
            }
            out.flush(); // not close(): the stream belongs to the transfer
        }
    }

    private static List<String> names(ObjectNode record) {
        List<String> names = new ArrayList<>(record.size());
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            names.add(field.getKey());
        }
        return names;
    }

    private void header(List<String> names) throws IOException {
        columns = names.toArray(new String[0]);
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            text(columns[i], true);
        }
        out.write(CRLF);
    }

    private void cell(JsonNode value) throws IOException {
        if (value.isTextual()) {
            text(value.textValue(), true);
        } else if (value.isValueNode()) {
            text(value.asText(), false);
        } else {
            text(value.toString(), false);
        }
    }

    private void text(String s, boolean guardFormula) throws IOException {
        boolean prefix = guardFormula && !s.isEmpty() && startsFormula(s.charAt(0));
        if (!needsQuotes(s)) {
            if (prefix) {
                out.write('\'');
            }
            out.write(s);
            return;
        }
        out.write('"');
        if (prefix) {
            out.write('\'');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.write('"');
            }
            out.write(c);
        }
        out.write('"');
    }

    private static boolean startsFormula(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static boolean needsQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
