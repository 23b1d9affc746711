package org.sluis.contracts.canonical;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CanonicalJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path testData(String name) {
        try {
            return Path.of(CanonicalJsonTest.class.getResource("/jcs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of the test vectors: one file per case under jcs/input, same name under output/outhex. */
    static Stream<String> vectors() throws IOException {
        try (Stream<Path> files = Files.list(testData("input"))) {
            return files.map(p -> p.getFileName().toString().replaceFirst("\\.json$", ""))
                    .sorted().toList().stream();
        }
    }

    private static byte[] hex(Path path) {
        String[] tokens = new String(bytes(path), UTF_8).trim().split("\\s+");
        byte[] out = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = (byte) Integer.parseInt(tokens[i], 16);
        }
        return out;
    }

    private static String canonical(String json) {
        return new String(CanonicalJson.canonicalize(json), UTF_8);
    }

    private static String canonical(JsonNode node) {
        return new String(CanonicalJson.canonicalize(node), UTF_8);
    }

    private static CanonicalJsonException rejects(Executable call) {
        return assertThrows(CanonicalJsonException.class, call);
    }

    private static void assertMentions(CanonicalJsonException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "expected the message to mention '" + fragment + "', found: " + e.getMessage());
        }
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.arrayNode();
        for (int i = 1; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    @Nested
    class TestVectors {

        @Test
        void all_six_published_cases_are_present() throws IOException {
            assertEquals(List.of("arrays", "french", "structures", "unicode", "values", "weird"),
                    vectors().toList());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.contracts.canonical.CanonicalJsonTest#vectors")
        void input_canonicalises_to_the_output_file_and_to_the_outhex_bytes(String name) {
            byte[] actual = CanonicalJson.canonicalize(bytes(testData("input/" + name + ".json")));

            assertArrayEquals(bytes(testData("output/" + name + ".json")), actual, "output/" + name);
            assertArrayEquals(hex(testData("outhex/" + name + ".txt")), actual, "outhex/" + name);
        }
    }

    @Nested
    class CanonicalizeBytes {

        @Test
        void duplicate_member_name_is_rejected_with_its_pointer() {
            CanonicalJsonException e = rejects(
                    () -> CanonicalJson.canonicalize("{\"x\":{\"a\":1,\"a\":2}}".getBytes(UTF_8)));
            assertMentions(e, "expected I-JSON", "Duplicate field 'a'", "line 1, column 16");
            assertEquals(Optional.of("/x/a"), e.pointer());
        }

        @Test
        void escaped_lone_surrogate_in_a_value_is_rejected_with_its_pointer() {
            CanonicalJsonException e = rejects(
                    () -> CanonicalJson.canonicalize("{\"a\":[\"ok\",\"x\\ud800\"]}".getBytes(UTF_8)));
            assertMentions(e, "well-formed Unicode", "high surrogate U+D800", "index 1");
            assertEquals(Optional.of("/a/1"), e.pointer());
        }

        @Test
        void escaped_lone_low_surrogate_in_a_member_name_is_rejected_with_its_pointer() {
            CanonicalJsonException e = rejects(
                    () -> CanonicalJson.canonicalize("{\"\\udc00~/\":1}".getBytes(UTF_8)));
            assertMentions(e, "lone low surrogate U+DC00");
            assertEquals(Optional.of("/\udc00~0~1"), e.pointer());
        }

        @Test
        void utf8_encoded_surrogate_is_rejected_as_malformed_utf8() {
            byte[] cesu = {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'};
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(cesu));
            assertMentions(e, "expected UTF-8", "0xED", "byte offset 2");
            assertEquals(Optional.empty(), e.pointer());
        }

        @Test
        void malformed_and_truncated_utf8_is_rejected_with_its_offset() {
            assertMentions(rejects(() -> CanonicalJson.canonicalize(new byte[] {'"', (byte) 0xC3, '(', '"'})),
                    "malformed byte sequence 0xC3", "byte offset 1");
            assertMentions(rejects(() -> CanonicalJson.canonicalize(new byte[] {'"', (byte) 0xE2, (byte) 0x82})),
                    "byte offset 1");
        }

        @Test
        void byte_order_mark_is_rejected() {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', ']'};
            assertMentions(rejects(() -> CanonicalJson.canonicalize(bom)), "expected I-JSON", "0xfeff");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[NaN]", "[Infinity]", "[-Infinity]"})
        void non_numeric_literals_are_rejected_as_invalid_json(String json) {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(json.getBytes(UTF_8)));
            assertMentions(e, "expected I-JSON");
            assertEquals(Optional.of("/0"), e.pointer());
        }

        @Test
        void number_overflowing_the_double_range_is_rejected_with_its_pointer() {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize("{\"n\":[1e400]}".getBytes(UTF_8)));
            assertMentions(e, "expected a finite number", "found Infinity");
            assertEquals(Optional.of("/n/0"), e.pointer());
        }

        @Test
        void nesting_up_to_the_limit_is_accepted_and_one_more_level_is_rejected() {
            int max = CanonicalJson.MAX_NESTING_DEPTH;
            String ok = "[".repeat(max) + "]".repeat(max);
            assertEquals(ok, new String(CanonicalJson.canonicalize(ok.getBytes(UTF_8)), UTF_8));

            String deep = "[".repeat(max + 1) + "]".repeat(max + 1);
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(deep.getBytes(UTF_8)));
            assertMentions(e, "nesting depth (65) exceeds the maximum allowed (64");
        }

        @Test
        void deeply_nested_objects_are_rejected_before_exhausting_the_stack() {
            String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
            assertMentions(rejects(() -> CanonicalJson.canonicalize(deep.getBytes(UTF_8))), "nesting depth");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{\"a\":1} x", "{\"a\":1}{}", "[1]]", "true false", "1 2"})
        void trailing_content_after_the_root_value_is_rejected(String json) {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(json.getBytes(UTF_8)));
            assertMentions(e, "expected end of input after the root value", "line 1, column");
            assertEquals(Optional.empty(), e.pointer());
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "  \n\t "})
        void empty_input_is_rejected(String json) {
            assertMentions(rejects(() -> CanonicalJson.canonicalize(json.getBytes(UTF_8))),
                    "expected a JSON value, found empty");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[1,]", "{\"a\" 1}", "[01]", "{'a':1}", "[\"\u0001\"]", "// c\n[]", "[1", "{\"a\":}"})
        void syntax_errors_are_rejected_with_what_was_expected(String json) {
            assertMentions(rejects(() -> CanonicalJson.canonicalize(json.getBytes(UTF_8))),
                    "expected I-JSON", "line 1");
        }

        @Test
        void integer_beyond_2_pow_53_that_would_change_is_rejected() {
            CanonicalJsonException e = rejects(
                    () -> CanonicalJson.canonicalize("{\"id\":[9007199254740993]}".getBytes(UTF_8)));
            assertMentions(e, "found 9007199254740993", "would become 9007199254740992", "JSON strings");
            assertEquals(Optional.of("/id/0"), e.pointer());
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "[9007199254740992, -9007199254740992] | [9007199254740992,-9007199254740992]",
            "[1000000000000000000000]              | [1e+21]",
            "[1152921504606847000]                 | [1152921504606847000]",
            "[-0, 0, -0.0, 0e5]                    | [0,0,0,0]",
            "[9007199254740993.0]                  | [9007199254740992]",
            "[1e-400]                              | [0]",
        })
        void numbers_follow_the_documented_policy(String json, String expected) {
            assertEquals(expected, new String(CanonicalJson.canonicalize(json.getBytes(UTF_8)), UTF_8));
        }

        @Test
        void exactly_representable_integer_whose_canonical_text_denotes_another_integer_is_rejected() {
            // 2^60 is a double, but ECMAScript prints it as 1152921504606847000
            assertMentions(rejects(() -> CanonicalJson.canonicalize("[1152921504606846976]".getBytes(UTF_8))),
                    "would become 1152921504606847000");
        }

        @Test
        void integer_outside_the_double_range_is_rejected() {
            String huge = "[" + "9".repeat(400) + "]";
            assertMentions(rejects(() -> CanonicalJson.canonicalize(huge.getBytes(UTF_8))),
                    "expected an integer within the IEEE-754 double range", "(400 chars)");
        }

        @Test
        void result_is_a_fresh_array_each_time() {
            byte[] json = "{\"b\":1,\"a\":2}".getBytes(UTF_8);
            byte[] first = CanonicalJson.canonicalize(json);
            first[0] = 'X';
            assertEquals("{\"a\":2,\"b\":1}", new String(CanonicalJson.canonicalize(json), UTF_8));
        }

        @Test
        void null_input_is_rejected_with_npe() {
            assertThrows(NullPointerException.class, () -> CanonicalJson.canonicalize((byte[]) null));
        }
    }

    @Nested
    class CanonicalizeString {

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.contracts.canonical.CanonicalJsonTest#vectors")
        void text_input_gives_the_same_bytes_as_utf8_input(String name) {
            byte[] input = bytes(testData("input/" + name + ".json"));
            assertArrayEquals(CanonicalJson.canonicalize(input), CanonicalJson.canonicalize(new String(input, UTF_8)));
        }

        @Test
        void whitespace_is_removed_and_members_are_sorted() {
            assertEquals("{\"a\":[1,{\"x\":null,\"y\":true}],\"b\":\"\"}",
                    canonical(" { \"b\" : \"\" ,\n \"a\" : [ 1 , { \"y\" : true , \"x\" : null } ] } "));
        }

        @Test
        void duplicate_member_name_is_rejected_with_its_pointer() {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize("[{\"k\":1,\"k\":1}]"));
            assertMentions(e, "Duplicate field 'k'");
            assertEquals(Optional.of("/0/k"), e.pointer());
        }

        @Test
        void raw_lone_surrogate_in_java_text_is_rejected() {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize("[\"a\uDE02\"]"));
            assertMentions(e, "lone low surrogate U+DE02", "index 1");
            assertEquals(Optional.of("/0"), e.pointer());
        }

        @Test
        void trailing_garbage_is_rejected() {
            assertMentions(rejects(() -> CanonicalJson.canonicalize("{} garbage")),
                    "expected end of input after the root value", "garbage");
        }

        @Test
        void null_input_is_rejected_with_npe() {
            assertThrows(NullPointerException.class, () -> CanonicalJson.canonicalize((String) null));
        }
    }

    @Nested
    class CanonicalizeNode {

        @Test
        void members_are_sorted_by_utf16_code_units_not_code_points_or_locale() {
            ObjectNode node = NODES.objectNode();
            for (String name : List.of("\uFB33", "\uD83D\uDE02", "\u20AC", "péché", "pêche", "peach", "a", "A", "", "10", "1")) {
                node.put(name, 0);
            }
            // U+1F602 is the surrogate pair D83D DE02, so it sorts before U+FB33 in UTF-16 order
            assertEquals("{\"\":0,\"1\":0,\"10\":0,\"A\":0,\"a\":0,\"peach\":0,\"péché\":0,\"pêche\":0,"
                    + "\"€\":0,\"\uD83D\uDE02\":0,\"\uFB33\":0}", canonical(node));
        }

        @Test
        void strings_escape_only_quote_backslash_and_controls() {
            StringBuilder all = new StringBuilder();
            for (char c = 0; c < 0x20; c++) {
                all.append(c);
            }
            all.append("\"\\/\u007f\u0080\u2028\uFFFF");
            assertEquals("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                    + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
                    + "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\u007f\u0080\u2028\uFFFF\"",
                    canonical(TextNode.valueOf(all.toString())));
        }

        @Test
        void non_ascii_is_written_as_literal_utf8() {
            byte[] actual = CanonicalJson.canonicalize(TextNode.valueOf("é€\uD83D\uDE02"));
            assertArrayEquals(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x82, '"'}, actual);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\uD800", "x\uD800y", "\uDC00", "\uDE02\uD83D"})
        void lone_surrogates_are_rejected(String text) {
            ObjectNode node = NODES.objectNode();
            node.putArray("list").add(text);
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(node));
            assertMentions(e, "expected a well-formed Unicode string", "RFC 8785 §3.2.2.2", "surrogate U+");
            assertEquals(Optional.of("/list/0"), e.pointer());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        void non_finite_doubles_are_rejected_with_their_pointer(double value) {
            ObjectNode node = NODES.objectNode();
            node.putObject("m").put("v", value);
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(node));
            assertMentions(e, "expected a finite number", "found " + value);
            assertEquals(Optional.of("/m/v"), e.pointer());
        }

        @Test
        void negative_zero_is_written_as_zero() {
            assertEquals("[0,0]", canonical(NODES.arrayNode().add(-0.0).add(-0.0f)));
        }

        @Test
        void float_decimal_and_double_nodes_are_written_as_their_double_value() {
            ArrayNode node = NODES.arrayNode()
                    .add(FloatNode.valueOf(0.1f))
                    .add(DecimalNode.valueOf(new BigDecimal("4.50")))
                    .add(DecimalNode.valueOf(new BigDecimal("333333333.33333329")))
                    .add(DecimalNode.valueOf(new BigDecimal("9007199254740993")))
                    .add(DoubleNode.valueOf(1e21));
            assertEquals("[0.10000000149011612,4.5,333333333.3333333,9007199254740992,1e+21]", canonical(node));
        }

        @Test
        void decimal_outside_the_double_range_is_rejected() {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(
                    NODES.arrayNode().add(DecimalNode.valueOf(new BigDecimal("1E+400")))));
            assertMentions(e, "expected a number within the IEEE-754 double range", "found 1E+400");
            assertEquals(Optional.of("/0"), e.pointer());
        }

        @Test
        void integral_nodes_up_to_2_pow_53_are_written_exactly() {
            ArrayNode node = NODES.arrayNode().add(9007199254740992L).add(-9007199254740992L)
                    .add(BigIntegerNode.valueOf(BigInteger.valueOf(9007199254740991L))).add(Integer.MIN_VALUE);
            assertEquals("[9007199254740992,-9007199254740992,9007199254740991,-2147483648]", canonical(node));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(longs = {9007199254740993L, -9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE})
        void integral_nodes_whose_canonical_form_would_change_are_rejected(long value) {
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(LongNode.valueOf(value)));
            assertMentions(e, "found " + value, "would become");
            assertEquals(Optional.of(""), e.pointer());
        }

        @Test
        void big_integer_equal_to_its_canonical_form_is_accepted() {
            assertEquals("1e+21", canonical(BigIntegerNode.valueOf(BigInteger.TEN.pow(21))));
            assertEquals("295147905179352830000",
                    canonical(BigIntegerNode.valueOf(new BigInteger("295147905179352830000"))));
        }

        @Test
        void nodes_outside_the_json_data_model_are_rejected() {
            assertMentions(rejects(() -> CanonicalJson.canonicalize(BinaryNode.valueOf(new byte[] {1}))),
                    "found a Jackson BINARY node");
            assertMentions(rejects(() -> CanonicalJson.canonicalize(new POJONode(new Object()))),
                    "found a Jackson POJO node");
            ArrayNode withMissing = NODES.arrayNode().add(MissingNode.getInstance());
            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(withMissing));
            assertMentions(e, "found a Jackson MISSING node");
            assertEquals(Optional.of("/0"), e.pointer());
        }

        @Test
        void nesting_up_to_the_limit_is_accepted_and_one_more_level_is_rejected() {
            int max = CanonicalJson.MAX_NESTING_DEPTH;
            assertEquals("[".repeat(max) + "]".repeat(max), canonical(nested(max)));

            CanonicalJsonException e = rejects(() -> CanonicalJson.canonicalize(nested(max + 1)));
            assertMentions(e, "expected at most 64 nested arrays/objects");
            assertEquals(Optional.of("/0".repeat(max)), e.pointer());
        }

        @Test
        void a_tree_containing_itself_is_rejected_instead_of_overflowing_the_stack() {
            ArrayNode loop = NODES.arrayNode();
            loop.add(loop);
            assertMentions(rejects(() -> CanonicalJson.canonicalize(loop)), "nested arrays/objects");
        }

        @Test
        void null_node_is_rejected_with_npe() {
            assertThrows(NullPointerException.class, () -> CanonicalJson.canonicalize((JsonNode) null));
        }
    }

    @Nested
    class Idempotence {

        static Stream<String> documents() throws IOException {
            List<String> docs = new ArrayList<>();
            for (String name : vectors().toList()) {
                docs.add(new String(bytes(testData("input/" + name + ".json")), UTF_8));
            }
            docs.add("[1e21, 1e-7, 0.000001, 1152921504606847000, 9007199254740992, -0, 5e-324, 1.7976931348623157e308]");
            docs.add("{\"\\u0000\":\"\\u001f\\u007f\",\"\\ud83d\\ude02\":{\"\":[[],{}]}}");
            return docs.stream();
        }

        @ParameterizedTest
        @MethodSource("documents")
        void canonicalizing_canonical_output_returns_it_unchanged(String json) {
            byte[] once = CanonicalJson.canonicalize(json);
            assertArrayEquals(once, CanonicalJson.canonicalize(once));
        }

        @ParameterizedTest
        @MethodSource("documents")
        void canonical_output_parses_back_to_an_equal_tree(String json) throws IOException {
            byte[] once = CanonicalJson.canonicalize(json);
            assertArrayEquals(once, CanonicalJson.canonicalize(MAPPER.readTree(once)));
        }
    }

    @Nested
    class KeyOrderIndependence {

        @Test
        void member_insertion_order_does_not_change_the_bytes() {
            Random random = new Random(8785);
            for (int round = 0; round < 200; round++) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(12); i++) {
                    names.add(randomName(random) + i);
                }
                byte[] expected = CanonicalJson.canonicalize(build(names));
                Collections.shuffle(names, random);
                assertArrayEquals(expected, CanonicalJson.canonicalize(build(names)),
                        () -> "names " + names);
            }
        }

        @Test
        void text_with_members_in_any_order_gives_the_same_bytes() {
            assertArrayEquals(CanonicalJson.canonicalize("{\"b\":{\"d\":1,\"c\":2},\"a\":[{\"z\":0,\"y\":1}]}"),
                    CanonicalJson.canonicalize("{\"a\":[{\"y\":1,\"z\":0}],\"b\":{\"c\":2,\"d\":1}}"));
        }

        private String randomName(Random random) {
            String[] pieces = {"a", "B", "é", "€", "\uD83D\uDE02", "\uFB33", "1", "_", " ", "\u0001"};
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < random.nextInt(4); i++) {
                name.append(pieces[random.nextInt(pieces.length)]);
            }
            return name.toString();
        }

        /** An object whose member values depend only on the name, so any order is the same object. */
        private ObjectNode build(List<String> names) {
            ObjectNode node = NODES.objectNode();
            for (String name : names) {
                ObjectNode child = node.putObject(name);
                child.put("z", name.length());
                child.put("a", name.hashCode() / 7.0);
            }
            return node;
        }
    }
}
