package org.sluis.connectors.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes JSON trees to a streaming generator by walking them, rather than through an
 * {@code ObjectMapper}, which would set up a serializer provider for every record: the JSON
 * writers emit millions of small records per second.
 */
final class JsonEmitter {
    /** Never closes the consumer's stream: the transfer owns it. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonEmitter() {
    }

    /** A compact UTF-8 generator over {@code out}, with nothing between root values. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
        return gen;
    }

    /** Writes {@code node} and everything under it. */
    static void write(JsonGenerator gen, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    gen.writeFieldName(field.getKey());
                    write(gen, field.getValue());
                }
                gen.writeEndObject();
                break;
            case ARRAY:
                gen.writeStartArray();
                for (JsonNode element : node) {
                    write(gen, element);
                }
                gen.writeEndArray();
                break;
            case STRING:
                gen.writeString(node.textValue());
                break;
            case NUMBER:
                writeNumber(gen, node);
                break;
            case BOOLEAN:
                gen.writeBoolean(node.booleanValue());
                break;
            case NULL:
            case MISSING:
                gen.writeNull();
                break;
            case BINARY:
                gen.writeBinary(node.binaryValue());
                break;
            default: // POJO: not made by any source; its text is the most faithful rendering without a mapper
                gen.writeString(node.asText());
        }
    }

    private static void writeNumber(JsonGenerator gen, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                gen.writeNumber(node.intValue());
                break;
            case LONG:
                gen.writeNumber(node.longValue());
                break;
            case BIG_INTEGER:
                gen.writeNumber(node.bigIntegerValue());
                break;
            case FLOAT:
                gen.writeNumber(node.floatValue());
                break;
            case DOUBLE:
                gen.writeNumber(node.doubleValue());
                break;
            default:
                gen.writeNumber(node.decimalValue());
        }
    }
}
