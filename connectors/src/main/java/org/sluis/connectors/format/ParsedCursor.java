package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.format.RecordBudget.RecordTooLargeException;

/**
 * What the readers share: a Jackson parser over a {@link RecordBudget}, the budget restarted for
 * every record, parse failures restated with their line, and closing. Once a read has failed or
 * the cursor is closed, it yields nothing more.
 */
abstract class ParsedCursor implements RecordCursor {
    final JsonParser parser;
    private final RecordBudget budget;
    private boolean finished;

    ParsedCursor(JsonParser parser, RecordBudget budget) {
        this.parser = parser;
        this.budget = budget;
    }

    @Override
    public final ObjectNode next() throws IOException {
        if (finished) {
            return null;
        }
        budget.startRecord();
        try {
            ObjectNode record = read();
            finished = record == null;
            return record;
        } catch (JsonProcessingException | RecordTooLargeException e) {
            finished = true;
            throw RecordReaders.at(parser, e);
        } catch (IOException | RuntimeException e) {
            finished = true;
            throw e;
        }
    }

    /** Reads the next record, or null at the end; the budget has been restarted. */
    abstract ObjectNode read() throws IOException;

    @Override
    public final void close() {
        finished = true;
        try {
            parser.close();
            budget.close();
        } catch (IOException e) {
            // Nothing was written through this stream, so a failing close loses nothing.
        }
    }
}
