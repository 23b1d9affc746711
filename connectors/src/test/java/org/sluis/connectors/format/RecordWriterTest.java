package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RecordWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode record(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test record is not JSON: " + json, e);
        }
    }

    static String write(RecordFormat format, List<String> columns, String... records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordWriter writer = format.writer(out, columns);
        for (String r : records) {
            writer.write(record(r));
        }
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Ndjson {
        @Test
        void writes_one_compact_object_per_line_each_ended_by_a_newline() throws IOException {
            assertEquals("{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":null}\n",
                    write(RecordFormat.NDJSON, List.of(), "{ \"a\": 1, \"b\": \"x\" }", "{\"a\":2,\"b\":null}"));
        }

        @Test
        void writes_nothing_for_no_records() throws IOException {
            assertEquals("", write(RecordFormat.NDJSON, List.of()));
        }

        @Test
        void keeps_nested_values_numbers_and_escapes_exactly() throws IOException {
            assertEquals("{\"o\":{\"x\":[1,2.5,true]},\"big\":123456789012345678901234567890,\"d\":0.1,\"s\":\"line\\nbreak \\\"q\\\" é\"}\n",
                    write(RecordFormat.NDJSON, List.of(),
                            "{\"o\":{\"x\":[1,2.5,true]},\"big\":123456789012345678901234567890,\"d\":0.1,"
                                    + "\"s\":\"line\\nbreak \\\"q\\\" é\"}"));
        }

        @Test
        void leaves_the_stream_open_after_finishing() throws IOException {
            OpenCheckingStream out = new OpenCheckingStream();
            RecordWriter writer = RecordFormat.NDJSON.writer(out, List.of());
            writer.write(record("{\"a\":1}"));
            writer.finish();
            out.write('!');
            assertEquals("{\"a\":1}\n!", out.toString(StandardCharsets.UTF_8));
        }

        @Test
        void refuses_a_record_after_finishing() throws IOException {
            RecordWriter writer = RecordFormat.NDJSON.writer(new ByteArrayOutputStream(), List.of());
            writer.finish();
            assertThrows(IllegalStateException.class, () -> writer.write(record("{}")));
        }
    }

    @Nested
    class JsonArray {
        @Test
        void writes_one_compact_array_of_the_records() throws IOException {
            assertEquals("[{\"a\":1},{\"a\":2,\"o\":{\"b\":[]}}]",
                    write(RecordFormat.JSON, List.of(), "{\"a\":1}", "{\"a\":2,\"o\":{\"b\":[]}}"));
        }

        @Test
        void writes_an_empty_array_for_no_records() throws IOException {
            assertEquals("[]", write(RecordFormat.JSON, List.of()));
        }

        @Test
        void finishing_twice_closes_the_array_once() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RecordWriter writer = RecordFormat.JSON.writer(out, List.of());
            writer.finish();
            writer.finish();
            assertEquals("[]", out.toString(StandardCharsets.UTF_8));
        }

        @Test
        void streams_records_out_before_the_end_once_its_buffer_fills() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RecordWriter writer = RecordFormat.JSON.writer(out, List.of());
            ObjectNode r = record("{\"text\":\"" + "x".repeat(1000) + "\"}");
            for (int i = 0; i < 100; i++) {
                writer.write(r);
            }
            // 100 kB written, far more than the generator's buffer: most of it is already in the stream.
            assertTrue(out.size() > 90_000, "bytes in the stream before finish: " + out.size());
            assertEquals('[', out.toByteArray()[0]);
        }
    }

    @Nested
    class Csv {
        @Test
        void takes_the_header_from_the_first_record_and_ends_rows_with_crlf() throws IOException {
            assertEquals("a,b\r\n1,x\r\n2,y\r\n", write(RecordFormat.CSV, List.of(), "{\"a\":1,\"b\":\"x\"}", "{\"a\":2,\"b\":\"y\"}"));
        }

        @Test
        void writes_later_records_in_the_header_order_with_empty_cells_for_missing_and_null() throws IOException {
            assertEquals("a,b,c\r\n1,2,3\r\n,5,\r\n", write(RecordFormat.CSV, List.of(),
                    "{\"a\":1,\"b\":2,\"c\":3}", "{\"c\":null,\"b\":5,\"extra\":9}"));
        }

        @Test
        void takes_the_header_from_the_columns_given() throws IOException {
            assertEquals("c,a\r\n3,1\r\n", write(RecordFormat.CSV, List.of("c", "a"), "{\"a\":1,\"b\":2,\"c\":3}"));
        }

        @Test
        void writes_the_header_alone_for_no_records_when_the_columns_are_known() throws IOException {
            assertEquals("zip,count\r\n", write(RecordFormat.CSV, List.of("zip", "count")));
        }

        @Test
        void writes_nothing_for_no_records_when_the_columns_are_not_known() throws IOException {
            assertEquals("", write(RecordFormat.CSV, List.of()));
        }

        @Test
        void quotes_cells_with_a_comma_a_quote_cr_or_lf_and_doubles_quotes() throws IOException {
            assertEquals("a,b,c,d,e\r\n\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",\"r\rs\",plain\r\n", write(RecordFormat.CSV, List.of(),
                    "{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\",\"c\":\"l1\\nl2\",\"d\":\"r\\rs\",\"e\":\"plain\"}"));
        }

        @Test
        void writes_numbers_booleans_and_nested_values_as_their_json_text() throws IOException {
            assertEquals("n,d,b,o\r\n-5,2.5,true,\"{\"\"x\"\":[1,\"\"y\"\"]}\"\r\n", write(RecordFormat.CSV, List.of(),
                    "{\"n\":-5,\"d\":2.5,\"b\":true,\"o\":{\"x\":[1,\"y\"]}}"));
        }

        @Test
        void prefixes_a_quote_to_text_cells_a_spreadsheet_would_run_as_formulas() throws IOException {
            assertEquals("a,b,c,d,e,f\r\n'=1+2,'+31,'-12,'@SUM(A1),'\tx,a=b\r\n", write(RecordFormat.CSV, List.of(),
                    "{\"a\":\"=1+2\",\"b\":\"+31\",\"c\":\"-12\",\"d\":\"@SUM(A1)\",\"e\":\"\\tx\",\"f\":\"a=b\"}"));
        }

        @Test
        void prefixes_the_quote_inside_the_quotes_of_a_quoted_formula_cell() throws IOException {
            assertEquals("a\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n", write(RecordFormat.CSV, List.of(),
                    "{\"a\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"}"));
        }

        @Test
        void guards_header_names_too() throws IOException {
            assertEquals("'=cmd,ok\r\n", write(RecordFormat.CSV, List.of("=cmd", "ok")));
        }

        @Test
        void writes_utf8() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RecordWriter writer = RecordFormat.CSV.writer(out, List.of());
            writer.write(record("{\"naam\":\"Zoë\"}"));
            writer.finish();
            assertEquals("naam\r\nZo\u00eb\r\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(12, out.size()); // ë is two bytes in UTF-8
        }
    }

    /** A byte stream that fails writes once closed, so a writer that closed it is caught. */
    static final class OpenCheckingStream extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (closed) {
                throw new IOException("expected an open stream, found it closed");
            }
            bytes.write(b);
        }

        @Override
        public void close() {
            closed = true;
        }

        String toString(Charset charset) {
            return bytes.toString(charset);
        }
    }
}
