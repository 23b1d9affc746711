package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An answer as the driver saw it: the call, and the status, headers and body when they arrived.
 *
 * @param call    the journaled call
 * @param headers the response headers, or empty headers when none arrived
 * @param body    the whole body, or null when it did not arrive whole
 */
record Reply(Call call, HttpHeaders headers, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The HTTP status, or -1. */
    int status() {
        return call.status();
    }

    /** Whether the status was expected and the body whole. */
    boolean ok() {
        return call.expected();
    }

    /** The request id sent. */
    String requestId() {
        return call.requestId();
    }

    /** The body as JSON, or a missing node when there is none or it is not JSON. */
    JsonNode json() {
        if (body == null) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The body as text, or empty. */
    String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** A response header, if it arrived. */
    Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
