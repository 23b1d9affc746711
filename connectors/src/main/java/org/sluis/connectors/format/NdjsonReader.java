package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Newline-delimited JSON (ndjson.org, JSON Lines): each non-blank line holds exactly one JSON
 * object. One parser runs over the whole stream, reading root values one after another; the line
 * rule is checked on the token positions, so no line is copied out first.
 */
final class NdjsonReader extends ParsedCursor {
    private final JsonTreeReader tree;
    private int lastLine;

    NdjsonReader(JsonParser parser, RecordBudget budget) {
        super(parser, budget);
        this.tree = new JsonTreeReader(parser);
    }

    @Override
    ObjectNode read() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        int line = parser.currentTokenLocation().getLineNr();
        if (line == lastLine) {
            throw new IOException("line " + line + ": expected one record per line, found a second value on the line");
        }
        if (token != JsonToken.START_OBJECT) {
            throw new IOException("line " + line + ": expected a JSON object, found " + RecordReaders.describe(token));
        }
        ObjectNode record = tree.readObject();
        int end = parser.currentTokenLocation().getLineNr();
        if (end != line) {
            throw new IOException("line " + line + ": expected the record to end on its line, found it running on to line "
                    + end);
        }
        lastLine = line;
        return record;
    }
}
