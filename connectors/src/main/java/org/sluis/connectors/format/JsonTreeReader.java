package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * Builds one record's tree from the parser's tokens. It makes what {@code ObjectMapper.readTree}
 * made here before (an {@code ObjectMapper} with {@code USE_BIG_DECIMAL_FOR_FLOATS} and
 * {@code FAIL_ON_READING_DUP_TREE_KEY} on, {@code STRIP_TRAILING_BIGDECIMAL_ZEROES} off) node for
 * node: integers as {@code int}, {@code long} or {@code BigInteger} nodes by their size, every
 * other number as a {@code BigDecimal} node exactly as written, and a duplicate member refused with
 * the same message at the same place. The mapper, though, sets up a deserialization context and
 * looks up its root deserializer for every value it reads: for records of a hundred bytes, about a
 * sixth of the time to read them.
 *
 * <p>Like Jackson's own tree deserializer it walks nested containers with a stack of its own, not
 * by recursion, so the nesting allowed by {@link ReadLimits#maxDepth()} never meets the thread's
 * stack size. The parser enforces the limits (nesting, string and number lengths) as it reads the
 * tokens; this class only asks it for them. One per cursor: not thread-safe.
 */
final class JsonTreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser;
    /** The containers enclosing the one being filled, innermost last. */
    private ContainerNode<?>[] open = new ContainerNode<?>[8];
    private int depth;

    JsonTreeReader(JsonParser parser) {
        this.parser = parser;
    }

    /**
     * Reads the object whose {@code START_OBJECT} is the parser's current token; afterwards its
     * {@code END_OBJECT} is.
     */
    ObjectNode readObject() throws IOException {
        ObjectNode root = NODES.objectNode();
        ContainerNode<?> current = root;
        depth = 0;
        while (current != null) {
            ContainerNode<?> child = current instanceof ObjectNode object ? fill(object) : fill((ArrayNode) current);
            if (child != null) {
                push(current);
                current = child;
            } else {
                current = depth == 0 ? null : open[--depth];
                open[depth] = null;
            }
        }
        return root;
    }

    /**
     * Reads members into {@code object} up to its end (then returns null) or up to a member that
     * is an object or array (then returns that container, added and still empty).
     */
    private ContainerNode<?> fill(ObjectNode object) throws IOException {
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            JsonNode value;
            if (token == JsonToken.START_OBJECT) {
                value = NODES.objectNode();
            } else if (token == JsonToken.START_ARRAY) {
                value = NODES.arrayNode();
            } else {
                value = scalar(token);
            }
            if (object.replace(name, value) != null) {
                throw MismatchedInputException.from(parser, JsonNode.class, "Duplicate field '" + name
                        + "' for `ObjectNode`: not allowed when `DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY` enabled");
            }
            if (value instanceof ContainerNode<?> container) {
                return container;
            }
        }
        return null;
    }

    /** Like {@link #fill(ObjectNode)}, for the elements of an array. */
    private ContainerNode<?> fill(ArrayNode array) throws IOException {
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == JsonToken.START_OBJECT) {
                ObjectNode element = NODES.objectNode();
                array.add(element);
                return element;
            }
            if (token == JsonToken.START_ARRAY) {
                ArrayNode element = NODES.arrayNode();
                array.add(element);
                return element;
            }
            array.add(scalar(token));
        }
        return null;
    }

    private JsonNode scalar(JsonToken token) throws IOException {
        switch (token) {
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
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default: // no JSON text yields another token here: the parser reports a truncated container itself
                throw MismatchedInputException.from(parser, JsonNode.class,
                        "expected a JSON value, found " + RecordReaders.describe(token));
        }
    }

    private void push(ContainerNode<?> container) {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = container;
    }
}
