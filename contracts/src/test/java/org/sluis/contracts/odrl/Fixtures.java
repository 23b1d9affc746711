package org.sluis.contracts.odrl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared helpers: resource loading, tree parsing with exact decimals, and result unwrapping. */
final class Fixtures {

    static final OdrlCodec CODEC = new OdrlCodec();
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("expected test resource " + name + ", found none");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected well-formed test JSON", e);
        }
    }

    static Policy valid(String json) {
        PolicyRead read = CODEC.read(json);
        if (read instanceof PolicyRead.Invalid invalid) {
            fail("expected a valid policy, found problems " + invalid.problems());
        }
        return ((PolicyRead.Valid) read).policy();
    }

    static List<Problem> problems(String json) {
        return assertInstanceOf(PolicyRead.Invalid.class, CODEC.read(json), "expected the document to be rejected")
                .problems();
    }

    static List<String> pointers(String json) {
        return problems(json).stream().map(Problem::pointer).toList();
    }
}
