package org.sluis.benchmarks.load;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A ledger entry the exchange acknowledged: a 2xx answer (or a logged denial) that, by the API's
 * contract, is durable in the ledger before it was sent. The audit looks for an entry of this
 * {@code kind}, written under this request id, whose {@code body} has these members.
 *
 * @param requestId the {@code X-Request-Id} the driver sent, which the entry carries as {@code requestId}
 * @param kind      the entry's kind, e.g. {@code access.permitted}
 * @param index     the ledger index the answer reported, if it reported one
 * @param body      members of the entry's {@code body} and their expected text values
 */
public record Ack(String requestId, String kind, OptionalLong index, Map<String, String> body) {
    /** Requires a request id and a kind; copies the body members. */
    public Ack {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(index, "index");
        body = Map.copyOf(body);
    }

    /** An acknowledgement without a reported index. */
    public static Ack of(String requestId, String kind, Map<String, String> body) {
        return new Ack(requestId, kind, OptionalLong.empty(), body);
    }

    /** An acknowledgement that reported where its entry landed. */
    public static Ack at(String requestId, String kind, long index, Map<String, String> body) {
        return new Ack(requestId, kind, OptionalLong.of(index), body);
    }

    @Override
    public String toString() {
        return kind + (index.isPresent() ? " at " + index.getAsLong() : "") + " of request " + requestId + " with " + body;
    }
}
