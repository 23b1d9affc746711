package org.sluis.connectors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sluis.connectors.RecordCursor;

/**
 * Replaces the records with one count per group, suppressing groups of fewer than k records:
 * the {@code Aggregate(groupBy, k)} obligation, k-anonymity over the grouping fields.
 *
 * <p>It reads the whole upstream on the first {@link #next()} and keeps one entry per group (the
 * grouping values and a counter), never a record, so its memory grows with the number of groups,
 * which is at most the size of the output plus the suppressed groups, not with the input. To keep
 * that bounded when the grouping fields are nearly unique (an identifier, where every group would
 * be suppressed anyway), it fails the transfer beyond {@code maxGroups} groups.
 *
 * <p>Output: one record per group of at least k records, {@code {<groupBy fields in order>...,
 * "count": n}}, in {@link GroupOrder} (sorted by the grouping values), so the same input gives the
 * same bytes in any order. A record without a grouping field, or with null, counts in the group
 * whose value there is null. Counts only: the ODRL duty names the grouping and k, nothing to sum.
 */
final class AggregatingCursor implements RecordCursor {
    /** The name of the count member of each output record; a grouping field may not have it. */
    static final String COUNT = "count";

    private final RecordCursor upstream;
    private final String[] groupBy;
    private final int minGroupSize;
    private final int maxGroups;
    private Iterator<Map.Entry<JsonNode[], long[]>> groups;

    AggregatingCursor(RecordCursor upstream, List<String> groupBy, int minGroupSize, int maxGroups) {
        this.upstream = upstream;
        this.groupBy = groupBy.toArray(new String[0]);
        this.minGroupSize = minGroupSize;
        this.maxGroups = maxGroups;
    }

    @Override
    public ObjectNode next() throws IOException {
        if (groups == null) {
            groups = count().entrySet().iterator();
        }
        while (groups.hasNext()) {
            Map.Entry<JsonNode[], long[]> group = groups.next();
            long n = group.getValue()[0];
            if (n >= minGroupSize) {
                return output(group.getKey(), n);
            }
        }
        return null;
    }

    private TreeMap<JsonNode[], long[]> count() throws IOException {
        TreeMap<JsonNode[], long[]> counts = new TreeMap<>(GroupOrder.INSTANCE);
        ObjectNode record;
        while ((record = upstream.next()) != null) {
            JsonNode[] key = new JsonNode[groupBy.length];
            for (int i = 0; i < groupBy.length; i++) {
                key[i] = record.get(groupBy[i]);
            }
            long[] n = counts.get(key);
            if (n == null) {
                if (counts.size() >= maxGroups) {
                    throw new IOException("expected at most " + maxGroups + " groups for an aggregate by "
                            + List.of(groupBy) + ", found more; the grouping fields are too fine to aggregate");
                }
                for (int i = 0; i < key.length; i++) {
                    // The upstream owns the record and may reuse it: keep copies, never the record's nodes.
                    key[i] = key[i] == null ? NullNode.getInstance() : key[i].deepCopy();
                }
                n = new long[1];
                counts.put(key, n);
            }
            n[0]++;
        }
        return counts;
    }

    private ObjectNode output(JsonNode[] key, long n) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < groupBy.length; i++) {
            out.set(groupBy[i], key[i]);
        }
        return out.put(COUNT, n);
    }

    @Override
    public void close() {
        upstream.close();
    }
}
