package org.sluis.contracts.odrl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * Reads and writes ODRL 2.2 policies as JSON-LD (ODRL Information Model 2.2, section "ODRL
 * Serialisation"; the JSON shape follows its examples).
 *
 * <p>Writing produces compact form with {@code "@context": "http://www.w3.org/ns/odrl.jsonld"}.
 * Reading accepts compact terms ({@code "permission"}, {@code "use"}), {@code odrl:}-prefixed
 * names and full ODRL IRIs ({@code "http://www.w3.org/ns/odrl/2/permission"}), IRIs as strings or
 * {@code {"@id": ...}}, a single value wherever an array is allowed, one-element arrays wherever a
 * single value is expected, and {@code {"@list": [...]}} for lists, and reads all of them to the
 * same model. It is not a general JSON-LD processor: {@code @context} must be absent or exactly the
 * ODRL context, and constraints must be inline (no references by {@code @id}). Besides ODRL terms, a
 * policy may carry {@code dct:issued} (also spelled {@code http://purl.org/dc/terms/issued}; the
 * ODRL context declares the {@code dct} prefix): an RFC 3339 date-time with offset, as a string or
 * an {@code xsd:dateTime} typed literal, written back as a UTC string.
 *
 * <p><b>Unknown members are problems, everywhere.</b> The exchange signs what it reads; a member
 * dropped from the model would be shown to the parties but not covered by the signed agreement,
 * so the reader refuses rather than ignores. Duplicate JSON keys are refused for the same reason.
 *
 * <p>Reading never throws on bad input: every problem, with the RFC 6901 pointer of the
 * offending value in the document as given, is returned in {@link PolicyRead.Invalid}.
 * Instances are immutable and thread-safe.
 */
public final class OdrlCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Creates a codec. */
    public OdrlCodec() {
        // stateless
    }

    /**
     * Reads a policy from JSON text.
     *
     * @param json the document; may be anything, including malformed JSON
     * @return the policy, or every problem found (malformed JSON is one problem at pointer {@code ""})
     */
    public PolicyRead read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new PolicyRead.Invalid(List.of(new Problem("",
                    "expected a well-formed JSON document, found: " + e.getOriginalMessage())));
        }
        return read(root);
    }

    /**
     * Reads a policy from a JSON tree.
     *
     * @param json the document root; a missing or non-object root is reported as a problem
     * @return the policy, or every problem found
     */
    public PolicyRead read(JsonNode json) {
        return OdrlReader.read(json);
    }

    /**
     * Writes a policy as compact JSON-LD. The result is meant to be read back: an invalid policy
     * (see {@link PolicyValidator}) is written as it is, and reading it reports its problems.
     *
     * @param policy the policy
     * @return a new JSON tree in compact form with the ODRL context
     */
    public ObjectNode toJson(Policy policy) {
        return OdrlWriter.policy(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Writes a policy as compact JSON-LD text.
     *
     * @param policy the policy
     * @return the JSON text, members in the order of {@link #toJson(Policy)}
     */
    public String write(Policy policy) {
        try {
            return MAPPER.writeValueAsString(toJson(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("expected a JSON tree to serialise, found: " + e.getOriginalMessage(), e);
        }
    }
}
