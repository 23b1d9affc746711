package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A JSON array of objects, read element by element with the streaming parser: the array as a whole
 * is never held, only the element being read.
 */
final class JsonArrayReader extends ParsedCursor {
    private final JsonTreeReader tree;
    private boolean started;
    private long index;

    JsonArrayReader(JsonParser parser, RecordBudget budget) {
        super(parser, budget);
        this.tree = new JsonTreeReader(parser);
    }

    @Override
    ObjectNode read() throws IOException {
        if (!started) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new IOException("line " + parser.currentLocation().getLineNr()
                        + ": expected a JSON array of objects, found " + RecordReaders.describe(first));
            }
            started = true;
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new IOException("line " + parser.currentTokenLocation().getLineNr()
                        + ": expected the end of input after the array, found " + RecordReaders.describe(after));
            }
            return null;
        }
        index++;
        if (token != JsonToken.START_OBJECT) {
            throw new IOException("line " + parser.currentTokenLocation().getLineNr() + ": expected element " + index
                    + " of the array to be an object, found " + RecordReaders.describe(token));
        }
        return tree.readObject();
    }
}
