package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluis.connectors.RecordCursor;

class RecordCounterTest {

    /** Counts {@code text} whole and byte by byte, and checks both against the count stated and the parser's. */
    static void assertCount(SourceFormat format, String text, long expected) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        RecordCounter whole = RecordCounter.of(format).orElseThrow();
        whole.update(bytes, 0, bytes.length);
        RecordCounter piecewise = RecordCounter.of(format).orElseThrow();
        for (int i = 0; i < bytes.length; i++) {
            piecewise.update(bytes, i, 1);
        }
        long parsed = 0;
        try (RecordCursor cursor = RecordReaders.open(format, new ByteArrayInputStream(bytes))) {
            while (cursor.next() != null) {
                parsed++;
            }
        }
        assertEquals(expected, parsed, "the parser's count of " + text);
        assertEquals(expected, whole.records(), "counted whole: " + text);
        assertEquals(expected, piecewise.records(), "counted byte by byte: " + text);
    }

    @ParameterizedTest(name = "{0} record(s) in {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0|''",
        "1|'{\"a\":1}'",
        "2|'{\"a\":1}\\n{\"a\":2}\\n'",
        "2|'{\"a\":1}\\r\\n\\r\\n  \\t\\n{\"a\":\"x\\\\ny\"}'",
        "3|'{\"a\":1}\\n{\"a\":2}\\n{\"a\":3}'"})
    void ndjson(long expected, String escaped) throws IOException {
        assertCount(SourceFormat.NDJSON, unescape(escaped), expected);
    }

    @ParameterizedTest(name = "{0} record(s) in {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0|'id,name\\n'",
        "1|'id,name\\r\\n1,ann\\r\\n'",
        "2|'id,name\\n1,ann\\n2,bob'",
        "2|'id,note\\n1,\"two\\nlines\"\\n2,\"a \"\"quoted\"\" word, and a comma\"\\n'",
        "1|'id,note\\n\\n1,x\\n\\n'"})
    void csv(long expected, String escaped) throws IOException {
        assertCount(SourceFormat.CSV, unescape(escaped), expected);
    }

    @org.junit.jupiter.api.Test
    void jsonArrays_areNotCounted() {
        assertTrue(RecordCounter.of(SourceFormat.JSON).isEmpty());
    }

    private static String unescape(String s) {
        return s.replace("\\\\n", "\u0000").replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\u0000", "\\n");
    }
}
