package org.sluis.contracts.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Parses I-JSON text (RFC 8785 §3.1, RFC 7493) into a Jackson tree with Jackson's streaming parser.
 *
 * <p>Guards, all configured on the shared, thread-safe {@link JsonFactory}:
 * strict RFC 8259 syntax (Jackson's defaults: no comments, NaN, single quotes, leading zeros or
 * trailing commas); {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION} on; nesting limited to
 * {@link CanonicalJson#MAX_NESTING_DEPTH} by {@link StreamReadConstraints}; field-name interning
 * off, so untrusted names never enter the JVM string table. Content after the root value is an
 * error. Integer literals become int/long/BigInteger nodes and literals with a fraction or exponent
 * become double nodes, which is what {@link CanonicalWriter}'s number policy keys on.
 *
 * <p>The tree is built here rather than by {@code ObjectMapper} so that every failure can be
 * reported with the parser's JSON Pointer and line/column, and trailing content is checked
 * without a databind round trip.
 */
final class JsonTreeReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(CanonicalJson.MAX_NESTING_DEPTH)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EXPECTED = "expected I-JSON (RFC 8785 §3.1: RFC 8259 syntax, unique "
            + "member names, at most " + CanonicalJson.MAX_NESTING_DEPTH + " nested levels), found: ";

    private JsonTreeReader() {
    }

    /** Parses {@code length} chars of {@code text} from {@code offset}. */
    static JsonNode read(char[] text, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(text, offset, length)) {
            return readDocument(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    /** Parses the whole of {@code text}. */
    static JsonNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return readDocument(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    private static JsonNode readDocument(JsonParser parser) throws IOException {
        JsonNode root;
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new CanonicalJsonException(
                        "expected a JSON value, found empty or whitespace-only input", null);
            }
            root = readValue(parser, first);
        } catch (JsonProcessingException e) {
            throw new CanonicalJsonException(EXPECTED + e.getOriginalMessage() + where(e, parser),
                    parser.getParsingContext().pathAsPointer().toString(), e);
        }
        try {
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                throw new CanonicalJsonException("expected end of input after the root value, found '"
                        + parser.getText() + "'" + where(null, parser), null);
            }
        } catch (JsonProcessingException e) {
            throw new CanonicalJsonException("expected end of input after the root value, found: "
                    + e.getOriginalMessage() + where(e, parser), null, e);
        }
        return root;
    }

    private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new CanonicalJsonException(EXPECTED + "end of input inside a value"
                    + where(null, parser), parser.getParsingContext().pathAsPointer().toString());
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    JsonNode value = readValue(parser, parser.nextToken());
                    if (object.replace(name, value) != null) { // already caught by the parser; kept as a guard
                        throw new CanonicalJsonException("expected unique member names (RFC 8785 §3.1, "
                                + "I-JSON RFC 7493 §2.3), found \"" + name + "\" more than once",
                                parser.getParsingContext().pathAsPointer().toString());
                    }
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(readValue(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new CanonicalJsonException(EXPECTED + "unexpected token " + token
                        + where(null, parser), parser.getParsingContext().pathAsPointer().toString());
        }
    }

    private static String where(JsonProcessingException e, JsonParser parser) {
        JsonLocation location = e != null && e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
