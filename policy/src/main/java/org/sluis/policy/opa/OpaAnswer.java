package org.sluis.policy.opa;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads OPA's Data API response (https://www.openpolicyagent.org/docs/rest-api#get-a-document-with-input)
 * into a decision. OPA answers 200 with {@code {"result": …, "decision_id": "…"}}; {@code result}
 * is absent when the document is undefined (no such rule or package: the policy is not loaded)
 * and {@code decision_id} only when decision logging is on. Errors come as 4xx/5xx with
 * {@code {"code": …, "message": …}}.
 *
 * <p>The result is expected to be the baseline's shape, {@code {"allow": boolean, "deny": [string]}}
 * ({@code deny} may be absent), or a bare boolean for operators who point {@code opa.path} at an
 * {@code allow} rule. Within an answer deny overrides too: {@code allow: true} with deny messages
 * denies. Anything else fails closed.
 */
final class OpaAnswer {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Keeps reasons built from an error body short enough for a ledger entry. */
    private static final int MAX_ECHO = 200;

    private OpaAnswer() {
    }

    static OpaDecision read(OpaConfig config, int status, byte[] body) {
        if (status != 200) {
            return OpaDecision.unreachable("OPA answered HTTP " + status + " at " + config.dataUri() + errorDetail(body));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return OpaDecision.unreachable("expected a JSON answer from " + config.dataUri() + ", found "
                    + echo(new String(body, StandardCharsets.UTF_8)));
        }
        if (answer == null || answer.isMissingNode()) {
            return OpaDecision.unreachable("expected a JSON object from " + config.dataUri() + ", found an empty body");
        }
        if (!answer.isObject()) {
            return OpaDecision.unreachable("expected a JSON object from " + config.dataUri() + ", found "
                    + echo(answer.toString()));
        }
        JsonNode idNode = answer.get("decision_id");
        if (idNode != null && !idNode.isTextual()) {
            return OpaDecision.unreachable("expected decision_id to be a string, found " + echo(idNode.toString()));
        }
        Optional<String> decisionId = Optional.ofNullable(idNode).map(JsonNode::asText);
        JsonNode result = answer.get("result");
        if (result == null) {
            return OpaDecision.unreachable("OPA has no document at " + config.documentRef()
                    + " (the rule is undefined: is the policy loaded?)", decisionId);
        }
        if (result.isBoolean()) {
            return result.booleanValue()
                    ? OpaDecision.allowed(decisionId)
                    : OpaDecision.denied(List.of("OPA policy " + config.documentRef() + " denies the request"), decisionId);
        }
        return readDocument(config, result, decisionId);
    }

    private static OpaDecision readDocument(OpaConfig config, JsonNode result, Optional<String> decisionId) {
        String expected = "expected " + config.documentRef() + " to be {\"allow\": boolean, \"deny\": [string]} or a boolean";
        if (!result.isObject()) {
            return OpaDecision.unreachable(expected + ", found " + echo(result.toString()), decisionId);
        }
        JsonNode allow = result.get("allow");
        if (allow == null || !allow.isBoolean()) {
            return OpaDecision.unreachable(expected + ", found allow " + (allow == null ? "missing" : echo(allow.toString())),
                    decisionId);
        }
        JsonNode deny = result.get("deny");
        List<String> reasons = new ArrayList<>();
        if (deny != null) {
            if (!deny.isArray()) {
                return OpaDecision.unreachable(expected + ", found deny " + echo(deny.toString()), decisionId);
            }
            for (JsonNode message : deny) {
                if (!message.isTextual()) {
                    return OpaDecision.unreachable(expected + ", found a deny message " + echo(message.toString()),
                            decisionId);
                }
                reasons.add(message.asText());
            }
        }
        if (allow.booleanValue() && reasons.isEmpty()) {
            return OpaDecision.allowed(decisionId);
        }
        if (reasons.isEmpty()) {
            reasons.add("OPA policy " + config.documentRef() + " denies the request without giving a reason");
        }
        return OpaDecision.denied(reasons, decisionId);
    }

    /** OPA's error body {@code {"code": …, "message": …}}, when it is one. */
    private static String errorDetail(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.hasNonNull("code")) {
                return ": " + echo(error.path("code").asText() + " " + error.path("message").asText(""));
            }
        } catch (IOException e) {
            // Not OPA's error shape (a proxy's HTML page, say): the status alone says enough.
        }
        return "";
    }

    private static String echo(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ECHO ? oneLine : oneLine.substring(0, MAX_ECHO) + "…";
    }
}
