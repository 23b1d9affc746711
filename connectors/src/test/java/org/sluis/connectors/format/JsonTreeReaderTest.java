package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTreeReader} against the reference it replaces: {@code readValueAsTree} of an
 * {@code ObjectMapper} configured as {@code RecordReaders} configured it (BigDecimal floats with
 * their trailing zeros, duplicate members refused), over the same parser factory. Trees must match
 * node class for node class and text for text; failures must match in class, message and location.
 */
class JsonTreeReaderTest {
    static final ReadLimits SMALL = new ReadLimits(200, 8);

    static ObjectMapper reference(ReadLimits limits) {
        return new ObjectMapper(RecordReaders.json(limits))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    static JsonParser parser(ReadLimits limits, String json) throws IOException {
        JsonParser parser = RecordReaders.json(limits).createParser(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(JsonToken.START_OBJECT, parser.nextToken(), "test input must be an object: " + json);
        return parser;
    }

    static ObjectNode read(ReadLimits limits, String json) throws IOException {
        JsonParser parser = parser(limits, json);
        ObjectNode tree = new JsonTreeReader(parser).readObject();
        assertEquals(JsonToken.END_OBJECT, parser.currentToken(), "the reader ends on the object's end");
        return tree;
    }

    static ObjectNode readReference(ReadLimits limits, String json) throws IOException {
        JsonParser parser = reference(limits).createParser(json.getBytes(StandardCharsets.UTF_8));
        parser.nextToken();
        return parser.readValueAsTree();
    }

    /** Reads {@code json} both ways and asserts the same tree, class for class. */
    static ObjectNode assertSameAsReference(ReadLimits limits, String json) throws IOException {
        ObjectNode expected = readReference(limits, json);
        ObjectNode actual = read(limits, json);
        assertSameTree(expected, actual, "$");
        return actual;
    }

    static void assertSameTree(JsonNode expected, JsonNode actual, String path) {
        assertEquals(expected.getClass(), actual.getClass(), path);
        assertEquals(expected.toString(), actual.toString(), path);
        assertEquals(expected.size(), actual.size(), path);
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> e = expected.properties().iterator();
            Iterator<Map.Entry<String, JsonNode>> a = actual.properties().iterator();
            while (e.hasNext()) {
                Map.Entry<String, JsonNode> x = e.next();
                Map.Entry<String, JsonNode> y = a.next();
                assertEquals(x.getKey(), y.getKey(), path);
                assertSameTree(x.getValue(), y.getValue(), path + "." + x.getKey());
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTree(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (expected.isBigDecimal()) {
            assertEquals(expected.decimalValue().scale(), actual.decimalValue().scale(), path);
        }
    }

    /** Reads {@code json} both ways and asserts the same failure: class, message and where the parser stood. */
    static JsonProcessingException assertSameFailure(ReadLimits limits, String json) throws IOException {
        JsonParser referenceParser = reference(limits).createParser(json.getBytes(StandardCharsets.UTF_8));
        referenceParser.nextToken();
        JsonProcessingException expected = assertThrows(JsonProcessingException.class, referenceParser::readValueAsTree);
        JsonParser parser = parser(limits, json);
        JsonProcessingException actual = assertThrows(JsonProcessingException.class, () -> new JsonTreeReader(parser).readObject());
        assertEquals(expected.getClass(), actual.getClass(), json);
        assertEquals(expected.getOriginalMessage(), actual.getOriginalMessage(), json);
        assertSameLocation(expected.getLocation(), actual.getLocation(), json);
        assertSameLocation(referenceParser.currentLocation(), parser.currentLocation(), json);
        return actual;
    }

    /** Both null (a limit's exception carries none) or at the same line, column and byte. */
    static void assertSameLocation(JsonLocation expected, JsonLocation actual, String json) {
        if (expected == null) {
            assertNull(actual, json);
            return;
        }
        assertNotNull(actual, json);
        assertEquals(expected.getLineNr() + ":" + expected.getColumnNr() + "@" + expected.getByteOffset(),
                actual.getLineNr() + ":" + actual.getColumnNr() + "@" + actual.getByteOffset(), json);
    }

    @Nested
    class Numbers {
        @Test
        void integers_takeTheSmallestOfIntLongAndBigInteger() throws IOException {
            ObjectNode tree = assertSameAsReference(ReadLimits.DEFAULT, "{\"i\":2147483647,\"l\":2147483648,\"m\":-9223372036854775808,"
                    + "\"b\":9223372036854775808,\"n\":-123456789012345678901234,\"z\":-0}");
            assertInstanceOf(IntNode.class, tree.get("i"));
            assertInstanceOf(LongNode.class, tree.get("l"));
            assertInstanceOf(LongNode.class, tree.get("m"));
            assertInstanceOf(BigIntegerNode.class, tree.get("b"));
            assertInstanceOf(BigIntegerNode.class, tree.get("n"));
        }

        @Test
        void fractionsAndExponents_areBigDecimalsAsWritten() throws IOException {
            ObjectNode tree = assertSameAsReference(ReadLimits.DEFAULT, "{\"a\":1.50,\"b\":0.1000000000000000055511151231257827,"
                    + "\"c\":1e3,\"d\":1E-7,\"e\":-0.0,\"f\":1.0e+2,\"g\":5e400,\"h\":12345678901234567890.50}");
            assertInstanceOf(DecimalNode.class, tree.get("a"));
            assertEquals("1.50", tree.get("a").decimalValue().toPlainString());
            assertEquals("{\"a\":1.50,\"b\":0.1000000000000000055511151231257827,\"c\":1E+3,\"d\":1E-7,\"e\":0.0,\"f\":1.0E+2,"
                    + "\"g\":5E+400,\"h\":12345678901234567890.50}", tree.toString());
        }

        @Test
        void numberLongerThanTheParserAllows_failsAsBefore() throws IOException {
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":1" + "0".repeat(1000) + "}");
        }
    }

    @Nested
    class Containers {
        @Test
        void nestedArraysAndObjects_keepTheirOrderAndTypes() throws IOException {
            assertSameAsReference(ReadLimits.DEFAULT, "{\"a\":{\"b\":[1,[2,[3,{}]],[]],\"c\":{}},\"d\":[],\"e\":[{\"x\":null},"
                    + "{\"y\":true,\"z\":false}],\"f\":\"\",\"g\":[[[[\"deep\"]]]],\"h\":2}");
        }

        @Test
        void emptyObject_isAnEmptyRecord() throws IOException {
            assertEquals(0, assertSameAsReference(ReadLimits.DEFAULT, "{}").size());
        }

        @Test
        void strings_keepEscapesAndSurrogatePairs() throws IOException {
            assertSameAsReference(ReadLimits.DEFAULT, "{\"s\":\"a\\u0000b\\\"c\\\\d\\n\",\"u\":\"\\ud83d\\udeb2 Zoë\",\"\\u00e9\":1}");
        }

        @Test
        void nestingAtTheLimit_isRead_andOneBeyond_failsAsBefore() throws IOException {
            assertSameAsReference(SMALL, "{\"a\":" + "[".repeat(7) + "]".repeat(7) + "}");
            assertSameFailure(SMALL, "{\"a\":" + "[".repeat(8) + "]".repeat(8) + "}");
            assertSameFailure(SMALL, "{\"a\":[{\"b\":[{\"c\":[{\"d\":[{}]}]}]}]}");
        }

        @Test
        void stringLongerThanTheLimit_failsAsBefore() throws IOException {
            assertSameFailure(SMALL, "{\"a\":[\"" + "x".repeat(201) + "\"]}");
        }

        @Test
        void randomRecords_matchTheReference() throws IOException {
            SplittableRandom random = new SplittableRandom(20261124);
            for (int i = 0; i < 2_000; i++) {
                StringBuilder json = new StringBuilder();
                object(random, json, 0);
                assertSameAsReference(ReadLimits.DEFAULT, json.toString());
            }
        }

        private void object(SplittableRandom random, StringBuilder json, int depth) {
            json.append('{');
            int members = random.nextInt(depth == 0 ? 1 : 0, 6);
            for (int m = 0; m < members; m++) {
                json.append(m == 0 ? "" : ",").append("\"k").append(m).append(random.nextInt(3) == 0 ? "é" : "").append("\":");
                value(random, json, depth + 1);
            }
            json.append('}');
        }

        private void value(SplittableRandom random, StringBuilder json, int depth) {
            int kind = random.nextInt(depth < 5 ? 11 : 9);
            switch (kind) {
                case 0 -> json.append(random.nextInt());
                case 1 -> json.append(random.nextLong());
                case 2 -> json.append(random.nextLong()).append(random.nextInt(0, Integer.MAX_VALUE));
                case 3 -> json.append(random.nextInt(-99, 100)).append('.').append(random.nextInt(0, 1000)).append("00".repeat(random.nextInt(2)));
                case 4 -> json.append(random.nextInt(-1000, 1000)).append('.').append(random.nextLong(0, Long.MAX_VALUE))
                        .append(random.nextBoolean() ? "e-12" : "E+7");
                case 5 -> json.append('"').append(Long.toString(random.nextLong(), 36)).append(random.nextBoolean() ? "\\t\\u20ac" : "").append('"');
                case 6 -> json.append(random.nextBoolean());
                case 7 -> json.append("null");
                case 8 -> json.append(List.of("0", "-0", "\"\"", "[]", "{}").get(random.nextInt(5)));
                case 9 -> object(random, json, depth);
                default -> {
                    json.append('[');
                    int elements = random.nextInt(5);
                    for (int e = 0; e < elements; e++) {
                        json.append(e == 0 ? "" : ",");
                        value(random, json, depth + 1);
                    }
                    json.append(']');
                }
            }
        }
    }

    @Nested
    class Duplicates {
        @Test
        void duplicateScalarMember_failsAsBefore() throws IOException {
            JsonProcessingException e = assertSameFailure(ReadLimits.DEFAULT, "{\"id\":1,\"x\":2,\"id\":\"3\"}");
            assertTrue(e.getOriginalMessage().contains("'id'"), e.getOriginalMessage());
        }

        @Test
        void duplicateContainerMember_failsWhereItStarts_asBefore() throws IOException {
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":[1],\n\"a\":{\"x\":\n1}}");
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":{},\"a\":[\n1]}");
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":{\"b\":1},\"a\":2}");
        }

        @Test
        void duplicateInsideNestedObjects_failsAsBefore() throws IOException {
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":[{\"k\":1,\"k\":2}]}");
            assertSameFailure(ReadLimits.DEFAULT, "{\"a\":{\"b\":{\"k\":null,\"k\":null}}}");
        }

        @Test
        void sameNameInDifferentObjects_isNoDuplicate() throws IOException {
            assertSameAsReference(ReadLimits.DEFAULT, "{\"k\":1,\"a\":{\"k\":2,\"b\":[{\"k\":3},{\"k\":4}]}}");
        }
    }

    @Nested
    class Malformed {
        @Test
        void everyMalformedValue_failsWithTheParsersMessageAtTheSamePlace() throws IOException {
            for (String json : List.of("{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":[1,2}", "{\"a\":tru}", "{\"a\":01}",
                    "{\"a\":1.}", "{\"a\":\"x", "{\"a\":[1,2", "{\"a\":{\"b\":", "{\"a\":NaN}", "{\"a\":Infinity}",
                    "{\"a\":[1 2]}", "{\"a\":\"\u0001\"}", "{\"a\":'x'}", "{a:1}", "{\"a\":1]")) {
                assertSameFailure(ReadLimits.DEFAULT, json);
            }
        }
    }
}
