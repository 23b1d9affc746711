package org.sluis.core.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.TreeSet;
import org.sluis.contracts.canonical.CanonicalJson;

/**
 * Lays out a ledger entry and produces its leaf bytes (RFC 8785 canonical JSON):
 *
 * <pre>{"index", "prev", "kind", "time", "actor", "requestId", "participants", "dataset", "agreement", "body"}</pre>
 *
 * <p>{@code prev} is the leaf hash of the entry before (for index 0 the SHA-256 of nothing, the
 * empty tree's root), base64. This X-Road-style chain lets an offline verifier name the exact index
 * of an altered, removed, reordered or inserted row; the Merkle root and the signed checkpoint then
 * bind the whole log. {@code index} and {@code prev} are fixed by the writer inside the ledger lock.
 */
public final class EntryCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EntryCodec() {
    }

    /** The time as entries carry it: RFC 3339 UTC, microsecond precision (what PostgreSQL keeps). */
    public static String time(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MICROS));
    }

    /** The entry as a JSON tree. */
    public static ObjectNode entry(long index, byte[] prevLeafHash, Pending p) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("index", index);
        entry.put("prev", Base64.getEncoder().encodeToString(prevLeafHash));
        entry.put("kind", p.event().kind());
        entry.put("time", time(p.time()));
        entry.put("actor", p.actor());
        if (p.requestId() != null) {
            entry.put("requestId", p.requestId());
        }
        ArrayNode participants = entry.putArray("participants");
        new TreeSet<>(p.event().participants()).forEach(participants::add);
        p.event().dataset().ifPresent(d -> entry.put("dataset", d));
        p.event().agreement().ifPresent(a -> entry.put("agreement", a));
        entry.set("body", JSON.valueToTree(p.event()));
        return entry;
    }

    /** The leaf bytes of the entry: its RFC 8785 canonical form. */
    public static byte[] leafBytes(long index, byte[] prevLeafHash, Pending p) {
        return CanonicalJson.canonicalize(entry(index, prevLeafHash, p));
    }

    /** One line of the export and of the API's item shape: {@code {"index":N,"entry":<leaf bytes>}} and a newline. */
    public static byte[] exportLine(long index, byte[] leafBytes) {
        byte[] head = ("{\"index\":" + index + ",\"entry\":").getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(head, head.length + leafBytes.length + 2);
        System.arraycopy(leafBytes, 0, line, head.length, leafBytes.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * An event waiting to be appended, with who caused it and under which request.
     *
     * @param event what happened
     * @param actor the participant (or {@code system}) that caused it
     * @param requestId the HTTP request it belongs to, if any
     * @param time when it happened
     */
    public record Pending(LedgerEvent event, String actor, String requestId, Instant time) {
        /** Requires event, actor and time. */
        public Pending {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(time, "time");
        }
    }
}
