package org.sluis.core.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The API calls the scenario makes again and again, each as a participant would make it, and the
 * way the story words their answers. Every failure the scenario does not expect stops it with the
 * status and body the exchange answered.
 */
final class Moves {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Moves() {
    }

    /** Publishes a dataset; returns its id. */
    static String publish(DemoClient provider, String dataset) {
        return provider.post("/v1/datasets", dataset).expect(201, provider.id() + " publishing a dataset").get("id").asText();
    }

    /** Requests an offer; returns the negotiation ({@code state}, {@code agreementId}). */
    static JsonNode negotiate(DemoClient consumer, String dataset, String offer, String purpose) {
        return consumer.post("/v1/negotiations", "{\"datasetId\": \"" + dataset + "\", \"offerId\": \"" + offer
                + "\", \"purpose\": \"" + purpose + "\"}").expect(201, consumer.id() + " requesting " + dataset + "/" + offer);
    }

    /** Pulls records under an agreement with extra query parameters ({@code format}, {@code fields}, …). */
    static DemoClient.Response pull(DemoClient consumer, String agreement, String purpose, String query) {
        return consumer.get("/v1/data/" + agreement + "?purpose=" + purpose + (query.isEmpty() ? "" : "&" + query));
    }

    /** The transfer record of a pull or push, as its consumer sees it. */
    static JsonNode transfer(DemoClient consumer, String id) {
        return consumer.get("/v1/transfers/" + id).expect(200, "reading transfer " + id);
    }

    /** Waits (at most a minute) until a transfer leaves its running states; returns it. */
    static JsonNode awaitTransfer(DemoClient consumer, String id) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode t = transfer(consumer, id);
            String state = t.path("state").asText();
            if (state.equals("completed") || state.equals("failed") || state.equals("aborted") || System.nanoTime() > deadline) {
                return t;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for transfer " + id, e);
            }
        }
    }

    /** NDJSON bytes as records. */
    static List<JsonNode> ndjson(byte[] body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("expected NDJSON, found the line " + line, e);
                }
            }
        }
        return out;
    }

    /** A refusal as the story tells it: status, reason codes and the first reason's (or the detail's) words. */
    static String refusal(DemoClient.Response r) {
        JsonNode p = r.json();
        List<String> codes = new ArrayList<>();
        p.path("reasons").forEach(reason -> {
            if (!codes.contains(reason.path("code").asText())) {
                codes.add(reason.path("code").asText());
            }
        });
        String words = p.path("reasons").path(0).path("message").asText(p.path("detail").asText(r.text()));
        if (codes.isEmpty()) {
            p.path("errors").forEach(e -> codes.add(e.path("pointer").asText(e.path("parameter").asText())));
        }
        return r.status() + " " + String.join(", ", codes) + ": " + words;
    }

    /** The first characters of a pseudonym, enough to recognise it. */
    static String shortly(String value) {
        return value.length() > 10 ? value.substring(0, 10) + "…" : value;
    }
}
