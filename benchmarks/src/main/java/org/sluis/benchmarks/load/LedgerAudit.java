package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a ledger export ({@code GET /v1/ledger/export}: one {@code {"index", "entry"}} per line)
 * against what the driver was told: the indexes run 0, 1, … n-1 with no gap, duplicate or
 * reordering (and each entry names its own index), and every acknowledged entry is there with the
 * kind, request id and body members the acknowledgement expects, at the index it reported. The
 * cryptographic checks (leaf hashes, chain, signed roots) are {@code sluis ledger verify}'s.
 */
final class LedgerAudit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LISTED = 10;

    private final long lines;
    private final List<String> sequenceProblems = new ArrayList<>();
    private final Map<Long, JsonNode> byIndex = new HashMap<>();
    private final Map<String, List<JsonNode>> byRequest = new HashMap<>();

    private LedgerAudit(List<String> export) {
        long expected = 0;
        TreeSet<Long> duplicates = new TreeSet<>();
        long outOfOrder = 0;
        long lineCount = 0;
        for (String line : export) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode item;
            try {
                item = JSON.readTree(line);
            } catch (IOException e) {
                sequenceProblems.add("line " + (lineCount + 1) + " is not JSON: " + e.getMessage());
                lineCount++;
                continue;
            }
            lineCount++;
            long index = item.path("index").asLong(-1);
            JsonNode entry = item.path("entry");
            if (index != expected && outOfOrder++ < MAX_LISTED) {
                sequenceProblems.add("line " + lineCount + " holds index " + index + " where " + expected + " was expected");
            }
            expected = index + 1;
            if (entry.path("index").asLong(-2) != index) {
                sequenceProblems.add("the entry at index " + index + " names index " + entry.path("index").asText("none"));
            }
            if (byIndex.putIfAbsent(index, entry) != null) {
                duplicates.add(index);
            }
            byRequest.computeIfAbsent(entry.path("requestId").asText(""), k -> new ArrayList<>()).add(entry);
        }
        this.lines = lineCount;
        if (!duplicates.isEmpty()) {
            sequenceProblems.add(duplicates.size() + " indexes appear more than once, first " + duplicates.stream().limit(MAX_LISTED).toList());
        }
        List<Long> gaps = new ArrayList<>();
        long gapCount = 0;
        for (long i = 0; i < lineCount; i++) {
            if (!byIndex.containsKey(i) && gapCount++ < MAX_LISTED) {
                gaps.add(i);
            }
        }
        if (gapCount > 0) {
            sequenceProblems.add(gapCount + " indexes below " + lineCount + " are missing, first " + gaps);
        }
    }

    /** Reads an export's lines. */
    static LedgerAudit of(List<String> export) {
        return new LedgerAudit(export);
    }

    /** The number of entries (non-blank lines) in the export. */
    long size() {
        return lines;
    }

    /** Departures from the indexes 0 … n-1, each exactly once and in order; empty when there are none. */
    List<String> sequenceProblems() {
        return List.copyOf(sequenceProblems);
    }

    /** The acknowledgements the export does not bear out. */
    List<Ack> missing(Collection<Ack> acks) {
        List<Ack> out = new ArrayList<>();
        for (Ack ack : acks) {
            List<JsonNode> candidates = ack.index().isPresent()
                    ? (byIndex.containsKey(ack.index().getAsLong()) ? List.of(byIndex.get(ack.index().getAsLong())) : List.of())
                    : byRequest.getOrDefault(ack.requestId(), List.of());
            if (candidates.stream().noneMatch(e -> matches(e, ack))) {
                out.add(ack);
            }
        }
        return out;
    }

    /** The entries of {@code kind} about {@code agreement}, in index order. */
    List<JsonNode> entries(String kind, String agreement) {
        return byIndex.keySet().stream().sorted().map(byIndex::get)
                .filter(e -> e.path("kind").asText().equals(kind) && e.path("agreement").asText().equals(agreement)).toList();
    }

    /** The number of entries of each kind. */
    Map<String, Long> kinds() {
        Map<String, Long> out = new TreeMap<>();
        byIndex.values().forEach(e -> out.merge(e.path("kind").asText(), 1L, Long::sum));
        return out;
    }

    private static boolean matches(JsonNode entry, Ack ack) {
        if (!entry.path("kind").asText().equals(ack.kind()) || !entry.path("requestId").asText().equals(ack.requestId())) {
            return false;
        }
        JsonNode body = entry.path("body");
        return ack.body().entrySet().stream().allMatch(m -> body.path(m.getKey()).asText().equals(m.getValue()));
    }
}
