package org.sluis.core.transfer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transfer as the exchange keeps it.
 *
 * @param id             the transfer id ({@code X-Sluis-Transfer-Id})
 * @param mode           {@code pull} or {@code push}
 * @param agreementId    the agreement it runs under
 * @param datasetId      the dataset
 * @param provider       the providing participant
 * @param consumer       the consuming participant
 * @param purpose        the purpose decided on
 * @param format         {@code ndjson}, {@code csv} or {@code json}
 * @param fields         the fields requested; empty: all
 * @param limit          the most records requested, if limited
 * @param since          the resume point requested, if any
 * @param decisionId     the permitting decision
 * @param decisionIndex  its ledger index
 * @param state          {@code pending}, {@code running}, {@code completed}, {@code aborted} or {@code failed}
 * @param records        records delivered
 * @param bytes          bytes delivered
 * @param sha256         hex SHA-256 of exactly the bytes delivered, once ended
 * @param completionIndex the ledger index of its {@code transfer.completed} entry, once ended
 * @param error          why it aborted or failed
 * @param sinkUrl        where a push delivers
 * @param attempts       delivery attempts so far (push)
 * @param nextAttemptAt  when a pending push is tried next
 * @param createdAt      when it was decided
 * @param updatedAt      when it last changed
 */
public record Transfer(String id, String mode, String agreementId, String datasetId, String provider, String consumer, String purpose,
                       String format, List<String> fields, Optional<Long> limit, Optional<String> since, String decisionId,
                       long decisionIndex, String state, long records, long bytes, Optional<String> sha256,
                       Optional<Long> completionIndex, Optional<String> error, Optional<String> sinkUrl, int attempts,
                       Optional<Instant> nextAttemptAt, Instant createdAt, Instant updatedAt) {
    /** Pulled by the consumer through the gateway. */
    public static final String PULL = "pull";
    /** Pushed by the exchange to the consumer's endpoint. */
    public static final String PUSH = "push";
    /** A push waiting for its next attempt. */
    public static final String PENDING = "pending";
    /** Streaming now. */
    public static final String RUNNING = "running";
    /** Every record delivered. */
    public static final String COMPLETED = "completed";
    /** Stopped before the end: the client went away, the agreement ended, the upstream failed mid-stream. */
    public static final String ABORTED = "aborted";
    /** A push that ran out of attempts, or a pull whose source could not be opened. */
    public static final String FAILED = "failed";

    /** Checks the components and copies the fields. */
    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        fields = List.copyOf(fields);
    }

    /** Whether it has ended, one way or another. */
    public boolean ended() {
        return state.equals(COMPLETED) || state.equals(ABORTED) || state.equals(FAILED);
    }

    /** The API representation: {@code ../shared/API.md} {@code {"id", "state", "records", "bytes", "sha256"}} and more; no sink headers. */
    public ObjectNode json() {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", id).put("state", state).put("records", records)
                .put("bytes", bytes).put("sha256", sha256.orElse(null)).put("mode", mode).put("agreementId", agreementId)
                .put("datasetId", datasetId).put("provider", provider).put("consumer", consumer).put("purpose", purpose)
                .put("format", format);
        ArrayNode f = out.putArray("fields");
        fields.forEach(f::add);
        limit.ifPresent(l -> out.put("limit", l));
        since.ifPresent(s -> out.put("since", s));
        out.put("decisionId", decisionId).put("decisionLedgerIndex", decisionIndex);
        completionIndex.ifPresent(i -> out.put("completionLedgerIndex", i));
        error.ifPresent(e -> out.put("error", e));
        // The sink's query string may carry the consumer's secret; it is never shown.
        sinkUrl.ifPresent(u -> out.put("sinkUrl", u.contains("?") ? u.substring(0, u.indexOf('?')) : u));
        if (mode.equals(PUSH)) {
            out.put("attempts", attempts);
            nextAttemptAt.ifPresent(t -> out.put("nextAttemptAt", t.toString()));
        }
        return out.put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
    }
}
