package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.connectors.RecordCursor;

class RecordReadersTest {

    static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> readAll(SourceFormat format, String text) throws IOException {
        try (RecordCursor cursor = RecordReaders.open(format, bytes(text))) {
            List<String> out = new ArrayList<>();
            for (ObjectNode r = cursor.next(); r != null; r = cursor.next()) {
                out.add(r.toString());
            }
            return out;
        }
    }

    static IOException failure(SourceFormat format, String text) {
        return assertThrows(IOException.class, () -> readAll(format, text));
    }

    /** Generates {@code count} records lazily, so the input is never in memory as a whole. */
    static InputStream generated(long count, String head, String separator, String tail,
                                 java.util.function.LongFunction<String> record) {
        Enumeration<InputStream> parts = new Enumeration<>() {
            long i = -1;

            @Override
            public boolean hasMoreElements() {
                return i <= count;
            }

            @Override
            public InputStream nextElement() {
                if (i > count) {
                    throw new NoSuchElementException();
                }
                long n = i++;
                String text = n < 0 ? head : n == count ? tail : (n > 0 ? separator : "") + record.apply(n);
                return bytes(text);
            }
        };
        return new SequenceInputStream(parts);
    }

    static long count(RecordCursor cursor) throws IOException {
        long n = 0;
        while (cursor.next() != null) {
            n++;
        }
        return n;
    }

    @Nested
    class Ndjson {
        @Test
        void readsOneObjectPerLine_inOrder() throws IOException {
            assertEquals(List.of("{\"a\":1}", "{\"b\":\"x\"}"), readAll(SourceFormat.NDJSON, "{\"a\":1}\n{\"b\":\"x\"}\n"));
        }

        @Test
        void skipsBlankLines_andAcceptsCrLf() throws IOException {
            assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), readAll(SourceFormat.NDJSON, "\n{\"a\":1}\r\n  \r\n{\"a\":2}"));
        }

        @Test
        void emptyInput_hasNoRecords() throws IOException {
            assertEquals(List.of(), readAll(SourceFormat.NDJSON, ""));
        }

        @Test
        void keepsUtf8Text() throws IOException {
            assertEquals(List.of("{\"naam\":\"Zoë Ĳsselmeer 🚲\"}"),
                    readAll(SourceFormat.NDJSON, "{\"naam\":\"Zoë Ĳsselmeer 🚲\"}\n"));
        }

        @Test
        void keepsNumbersAsWritten() throws IOException {
            assertEquals(List.of("{\"x\":0.1000000000000000055511151231257827,\"y\":1.50,\"z\":123456789012345678901234}"),
                    readAll(SourceFormat.NDJSON, "{\"x\":0.1000000000000000055511151231257827,\"y\":1.50,"
                            + "\"z\":123456789012345678901234}"));
        }

        @Test
        void nonObjectLine_isRefusedNamingTheLine() {
            IOException e = failure(SourceFormat.NDJSON, "{\"a\":1}\n\n[1,2]\n");
            assertEquals("line 3: expected a JSON object, found an array", e.getMessage());
        }

        @Test
        void malformedLine_isRefusedNamingTheLine() {
            IOException e = failure(SourceFormat.NDJSON, "{\"a\":1}\n{\"a\":2}\n{\"a\":}\n");
            assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        }

        @Test
        void twoObjectsOnOneLine_areRefused() {
            IOException e = failure(SourceFormat.NDJSON, "{\"a\":1} {\"a\":2}\n");
            assertEquals("line 1: expected one record per line, found a second value on the line", e.getMessage());
        }

        @Test
        void objectSpanningLines_isRefused() {
            IOException e = failure(SourceFormat.NDJSON, "{\"a\":\n1}\n");
            assertEquals("line 1: expected the record to end on its line, found it running on to line 2", e.getMessage());
        }

        @Test
        void duplicateMemberName_isRefused() {
            IOException e = failure(SourceFormat.NDJSON, "{\"id\":1,\"id\":2}\n");
            assertTrue(e.getMessage().startsWith("line 1: ") && e.getMessage().contains("id"), e.getMessage());
        }

        @Test
        void afterAFailure_yieldsNothingMore() throws IOException {
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.NDJSON, bytes("7\n{\"a\":1}\n"))) {
                assertThrows(IOException.class, cursor::next);
                assertNull(cursor.next());
            }
        }

        @Test
        void largeGeneratedInput_streamsEveryRecord() throws IOException {
            long n = 300_000;
            InputStream in = generated(n, "", "\n", "\n", i -> "{\"id\":" + i + ",\"pad\":\"" + "x".repeat(50) + "\"}");
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.NDJSON, in)) {
                assertEquals(n, count(cursor));
            }
        }
    }

    @Nested
    class JsonArray {
        @Test
        void readsEachElement_inOrder() throws IOException {
            assertEquals(List.of("{\"a\":1}", "{\"a\":{\"b\":[1,2]}}"),
                    readAll(SourceFormat.JSON, " [ {\"a\":1},\n {\"a\":{\"b\":[1,2]}} ] \n"));
        }

        @Test
        void emptyArray_hasNoRecords() throws IOException {
            assertEquals(List.of(), readAll(SourceFormat.JSON, "[]"));
        }

        @Test
        void nonArray_isRefused() {
            assertEquals("line 1: expected a JSON array of objects, found an object",
                    failure(SourceFormat.JSON, "{\"a\":1}").getMessage());
        }

        @Test
        void emptyInput_isRefused() {
            assertEquals("line 1: expected a JSON array of objects, found the end of input",
                    failure(SourceFormat.JSON, "").getMessage());
        }

        @Test
        void nonObjectElement_isRefusedNamingElementAndLine() {
            assertEquals("line 3: expected element 2 of the array to be an object, found a number",
                    failure(SourceFormat.JSON, "[\n{\"a\":1},\n42]").getMessage());
        }

        @Test
        void truncatedArray_isRefusedNamingTheLine() {
            IOException e = failure(SourceFormat.JSON, "[\n{\"a\":1},\n{\"a\":2}");
            assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        }

        @Test
        void contentAfterTheArray_isRefused() {
            assertEquals("line 2: expected the end of input after the array, found an object",
                    failure(SourceFormat.JSON, "[{\"a\":1}]\n{\"b\":2}").getMessage());
        }

        @Test
        void largeGeneratedArray_streamsEveryElement() throws IOException {
            long n = 300_000;
            InputStream in = generated(n, "[", ",\n", "]", i -> "{\"id\":" + i + ",\"v\":[" + i + ",{\"w\":true}]}");
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.JSON, in)) {
                assertEquals(n, count(cursor));
            }
        }
    }

    @Nested
    class Csv {
        @Test
        void headerNamesTheFields_valuesAreText() throws IOException {
            assertEquals(List.of("{\"id\":\"1\",\"name\":\"Ada\"}", "{\"id\":\"007\",\"name\":\"\"}"),
                    readAll(SourceFormat.CSV, "id,name\r\n1,Ada\r\n007,\r\n"));
        }

        @Test
        void quotedFields_holdCommasNewlinesAndQuotes() throws IOException {
            assertEquals(List.of("{\"a\":\"x, y\",\"b\":\"line1\\nline2\",\"c\":\"say \\\"hi\\\"\"}"),
                    readAll(SourceFormat.CSV, "a,b,c\n\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\n"));
        }

        @Test
        void keepsUtf8Text() throws IOException {
            assertEquals(List.of("{\"stad\":\"Café Ĳmuiden 🚲\"}"), readAll(SourceFormat.CSV, "stad\nCafé Ĳmuiden 🚲\n"));
        }

        @Test
        void headerOnly_orEmpty_hasNoRecords() throws IOException {
            assertEquals(List.of(), readAll(SourceFormat.CSV, "a,b\n"));
            assertEquals(List.of(), readAll(SourceFormat.CSV, ""));
        }

        @Test
        void skipsEmptyLines() throws IOException {
            assertEquals(List.of("{\"a\":\"1\"}", "{\"a\":\"2\"}"), readAll(SourceFormat.CSV, "a\n1\n\n2\n"));
        }

        @Test
        void shortRow_isRefusedNamingTheLine() {
            assertEquals("line 3: expected 2 fields as in the header, found 1 in data row 2",
                    failure(SourceFormat.CSV, "a,b\n1,2\n3\n").getMessage());
        }

        @Test
        void longRow_isRefusedNamingTheLine() {
            IOException e = failure(SourceFormat.CSV, "a,b\n1,2\n3,4,5\n");
            assertTrue(e.getMessage().startsWith("line 3: "), e.getMessage());
        }

        @Test
        void rowAfterAQuotedNewline_isCountedOnItsOwnLine() {
            assertEquals("line 4: expected 2 fields as in the header, found 1 in data row 2",
                    failure(SourceFormat.CSV, "a,b\n\"x\ny\",2\n3\n").getMessage());
        }

        @Test
        void duplicateHeaderName_isRefused() {
            assertEquals("line 1: expected unique column names in the header, found 'a' twice",
                    failure(SourceFormat.CSV, "a,b,a\n1,2,3\n").getMessage());
        }

        @Test
        void emptyHeaderName_isRefused() {
            assertEquals("line 1: expected a name for every column in the header, found column 2 empty",
                    failure(SourceFormat.CSV, "a,,c\n1,2,3\n").getMessage());
        }

        @Test
        void largeGeneratedInput_streamsEveryRow() throws IOException {
            long n = 300_000;
            InputStream in = generated(n, "id,text\n", "\n", "\n", i -> i + ",\"row " + i + ", quoted\"");
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.CSV, in)) {
                assertEquals(n, count(cursor));
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void nestingAtTheLimit_isRead() throws IOException {
            String deep = "{\"a\":".repeat(64) + "1" + "}".repeat(64);
            assertEquals(1, readAll(SourceFormat.NDJSON, deep).size());
        }

        @Test
        void nestingBeyondTheLimit_isRefused() {
            String deep = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
            IOException e = failure(SourceFormat.NDJSON, deep);
            assertTrue(e.getMessage().startsWith("line 1: ") && e.getMessage().contains("64"), e.getMessage());
        }

        @Test
        void deepArrayInsideAJsonArraySource_isRefused() {
            String deep = "[" + "[".repeat(70) + "]".repeat(70) + "]";
            assertThrows(IOException.class, () -> readAll(SourceFormat.JSON, deep));
        }

        @Test
        void recordLargerThanTheDefault16MiB_isRefused() {
            String big = "{\"a\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}\n";
            IOException e = failure(SourceFormat.NDJSON, big);
            assertTrue(e.getMessage().startsWith("line 1: "), e.getMessage());
        }

        @Test
        void recordLargerThanTheBudget_isRefusedBeforeItIsRead() throws IOException {
            ReadLimits limits = new ReadLimits(64 * 1024, 64);
            String ok = "{\"a\":\"" + "x".repeat(1000) + "\"}\n";
            InputStream in = generated(3, "", "", ok.repeat(10) + "{\"a\":\"" + "y".repeat(200_000) + "\"}\n", i -> ok);
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.NDJSON, in, limits)) {
                assertEquals(13, countUntilFailure(cursor));
            }
        }

        @Test
        void manySmallRecords_neverExhaustTheBudget() throws IOException {
            ReadLimits limits = new ReadLimits(64 * 1024, 64);
            InputStream in = generated(100_000, "", "", "", i -> "{\"id\":" + i + "}\n");
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.NDJSON, in, limits)) {
                assertEquals(100_000, count(cursor));
            }
        }

        @Test
        void csvRowLargerThanTheBudget_isRefused() throws IOException {
            ReadLimits limits = new ReadLimits(64 * 1024, 64);
            String text = "a\n1\n\"" + "z".repeat(200_000) + "\"\n";
            try (RecordCursor cursor = RecordReaders.open(SourceFormat.CSV, bytes(text), limits)) {
                assertEquals(1, countUntilFailure(cursor));
            }
        }

        private long countUntilFailure(RecordCursor cursor) {
            long[] n = {0};
            IOException e = assertThrows(IOException.class, () -> {
                while (cursor.next() != null) {
                    n[0]++;
                }
            });
            assertTrue(e.getMessage().contains("at most 65536 bytes") || e.getMessage().contains("65536"), e.getMessage());
            return n[0];
        }
    }

    @Nested
    class Open {
        @Test
        void closingTheCursor_closesTheStream() throws IOException {
            AtomicBoolean closed = new AtomicBoolean();
            InputStream in = new java.io.FilterInputStream(bytes("{\"a\":1}\n")) {
                @Override
                public void close() throws IOException {
                    closed.set(true);
                    super.close();
                }
            };
            RecordReaders.open(SourceFormat.NDJSON, in).close();
            assertTrue(closed.get());
        }

        @Test
        void limit_endsAfterThatManyRecords() throws IOException {
            try (RecordCursor cursor = RecordReaders.limit(
                    RecordReaders.open(SourceFormat.NDJSON, bytes("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n")), 2)) {
                assertEquals(2, count(cursor));
            }
        }

        @Test
        void formatNames_matchTheSourceConfig() {
            assertEquals(SourceFormat.CSV, SourceFormat.of("csv"));
            assertThrows(IllegalArgumentException.class, () -> SourceFormat.of("xml"));
        }
    }
}
