package org.sluis.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the exchange must do to the data of a permitted access while it streams: a closed set, so
 * the exchange can promise to fulfil every obligation it is given. Their JSON forms list set
 * members sorted, so equal obligations always have the same JSON.
 */
public sealed interface Obligation permits Obligation.DropFields, Obligation.Pseudonymise, Obligation.Aggregate,
        Obligation.ConsentFilter, Obligation.CapRecords, Obligation.DeleteBy {

    /**
     * Returns the stable name of the obligation kind, the {@code "kind"} of its JSON.
     *
     * @return e.g. {@code "pseudonymise"}
     */
    String kind();

    /**
     * Returns the JSON form for the ledger and the API.
     *
     * @return {@code {"kind": ..., ...}} with the record's components, sets sorted
     */
    ObjectNode toJson();

    /**
     * Remove fields from every record.
     *
     * @param fields the field names, at least one
     */
    record DropFields(Set<String> fields) implements Obligation {
        /** Checks there is at least one field and copies the set. */
        public DropFields {
            fields = nonEmpty(fields, "drop-fields");
        }

        @Override
        public String kind() {
            return "drop-fields";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = start(kind());
            sorted(out.putArray("fields"), fields);
            return out;
        }
    }

    /**
     * Replace the values of fields with keyed pseudonyms (HMAC), under a key of its own per
     * agreement so that two consumers cannot link their data.
     *
     * @param fields   the field names, at least one
     * @param keyLabel names the key, {@code agreement:<agreementId>}
     */
    record Pseudonymise(Set<String> fields, String keyLabel) implements Obligation {
        /** Checks there is at least one field and a key label. */
        public Pseudonymise {
            fields = nonEmpty(fields, "pseudonymise");
            Objects.requireNonNull(keyLabel, "keyLabel");
            if (keyLabel.isBlank()) {
                throw new IllegalArgumentException("expected a pseudonymisation key label, found none");
            }
        }

        @Override
        public String kind() {
            return "pseudonymise";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = start(kind());
            sorted(out.putArray("fields"), fields);
            return out.put("keyLabel", keyLabel);
        }
    }

    /**
     * Deliver only aggregates grouped by fields, suppressing groups smaller than k.
     *
     * @param groupBy      the grouping fields, in order; empty for one overall aggregate
     * @param minGroupSize k, at least 1: groups with fewer records are not delivered
     */
    record Aggregate(List<String> groupBy, int minGroupSize) implements Obligation {
        /** Copies the fields and checks k is positive. */
        public Aggregate {
            groupBy = List.copyOf(groupBy);
            if (minGroupSize < 1) {
                throw new IllegalArgumentException("expected a minimum group size of at least 1, found " + minGroupSize);
            }
        }

        @Override
        public String kind() {
            return "aggregate";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = start(kind());
            groupBy.forEach(out.putArray("groupBy")::add);
            return out.put("minGroupSize", minGroupSize);
        }
    }

    /**
     * Deliver only the records whose subject's consent permits the use.
     *
     * @param mode         the dataset's consent mode, never {@link ConsentMode#NONE}
     * @param subjectField the field holding each record's subject identifier
     * @param query        the use each record's subject is asked about
     */
    record ConsentFilter(ConsentMode mode, String subjectField, ConsentQuery query) implements Obligation {
        /** Checks every component is present and the mode checks consent. */
        public ConsentFilter {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(subjectField, "subjectField");
            Objects.requireNonNull(query, "query");
            if (mode == ConsentMode.NONE) {
                throw new IllegalArgumentException("expected a consent mode opt-in or opt-out for a consent filter,"
                        + " found none");
            }
        }

        @Override
        public String kind() {
            return "consent-filter";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = start(kind()).put("mode", mode.wire()).put("subjectField", subjectField)
                    .put("datasetId", query.datasetId());
            sorted(out.putArray("categories"), query.categories());
            sorted(out.putArray("purposes"), query.purposes());
            sorted(out.putArray("recipients"), query.recipients());
            return out.put("time", query.time().toString());
        }
    }

    /**
     * Deliver at most this many records per access.
     *
     * @param max the most records, at least 0
     */
    record CapRecords(long max) implements Obligation {
        /** Checks the cap is not negative. */
        public CapRecords {
            if (max < 0) {
                throw new IllegalArgumentException("expected a record cap of at least 0, found " + max);
            }
        }

        @Override
        public String kind() {
            return "cap-records";
        }

        @Override
        public ObjectNode toJson() {
            return start(kind()).put("max", max);
        }
    }

    /**
     * The consumer must have deleted the data by this moment; the exchange records the deadline.
     *
     * @param deadline the latest moment of deletion
     */
    record DeleteBy(Instant deadline) implements Obligation {
        /** Checks the deadline is present. */
        public DeleteBy {
            Objects.requireNonNull(deadline, "deadline");
        }

        @Override
        public String kind() {
            return "delete-by";
        }

        @Override
        public ObjectNode toJson() {
            return start(kind()).put("deadline", deadline.toString());
        }
    }

    private static Set<String> nonEmpty(Set<String> fields, String kind) {
        Set<String> copy = Set.copyOf(fields);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("expected at least one field to " + kind + ", found none");
        }
        return copy;
    }

    private static ObjectNode start(String kind) {
        return JsonNodeFactory.instance.objectNode().put("kind", kind);
    }

    private static void sorted(ArrayNode into, Collection<String> values) {
        new TreeSet<>(values).forEach(into::add);
    }
}
