package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RecordFormatTest {
    @Test
    void names_and_media_types_are_those_of_the_api() {
        assertEquals("ndjson application/x-ndjson", RecordFormat.NDJSON.wire() + " " + RecordFormat.NDJSON.mediaType());
        assertEquals("csv text/csv", RecordFormat.CSV.wire() + " " + RecordFormat.CSV.mediaType());
        assertEquals("json application/json", RecordFormat.JSON.wire() + " " + RecordFormat.JSON.mediaType());
    }

    @Test
    void fromWire_finds_each_format_by_its_name() {
        for (RecordFormat f : RecordFormat.values()) {
            assertEquals(Optional.of(f), RecordFormat.fromWire(f.wire()));
        }
    }

    @Test
    void fromWire_matches_exactly_and_finds_nothing_for_other_names() {
        assertEquals(Optional.empty(), RecordFormat.fromWire("CSV"));
        assertEquals(Optional.empty(), RecordFormat.fromWire("text/csv"));
        assertEquals(Optional.empty(), RecordFormat.fromWire(null));
    }
}
