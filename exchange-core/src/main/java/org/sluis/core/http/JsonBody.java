package org.sluis.core.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;

/**
 * Reads a request body as JSON under the gateway's limits: nesting depth, duplicate member names
 * (refused, since two parsers could otherwise read one document two ways) and trailing content.
 * Every failure is a 400 problem whose detail says where the document broke.
 */
final class JsonBody {
    private final ObjectMapper mapper;
    private final int maxDepth;

    JsonBody(int maxDepth) {
        this.maxDepth = maxDepth;
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build());
    }

    /** The body of {@code ctx} as a JSON tree, or a {@link ProblemException} saying what is wrong. */
    JsonNode read(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !(type.startsWith("application/json") || type.matches("application/[\\w.+-]+\\+json.*"))) {
            throw new ProblemException(Problem.unsupportedMediaType(
                    "Expected a JSON body (Content-Type: application/json), found " + (type == null ? "no Content-Type" : type) + "."));
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw malformed("The request body is empty; expected a JSON document.");
        }
        try {
            return mapper.readTree(body.getBytes());
        } catch (StreamConstraintsException e) {
            throw malformed("The JSON document is nested deeper than the limit of " + maxDepth + " levels.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw malformed("The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("The request body could not be read as JSON: " + e.getMessage());
        }
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(Problem.badRequest("malformed-json", detail, List.of()));
    }
}
