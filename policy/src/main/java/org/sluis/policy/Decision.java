package org.sluis.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one access request: permit or deny, why, and what the exchange must do to the data.
 *
 * @param outcome     permit or deny
 * @param reasons     why; at least one for a denial, possibly none for a permit
 * @param obligations what must be applied to the data; none for a denial
 */
public record Decision(Outcome outcome, List<Reason> reasons, List<Obligation> obligations) {

    /** Permit or deny. */
    public enum Outcome {
        /** The access may happen, under the obligations. */
        PERMIT,
        /** The access must not happen. */
        DENY
    }

    private static final Comparator<ObjectNode> BY_KIND_THEN_CONTENT =
            Comparator.<ObjectNode, String>comparing(o -> o.get("kind").asText()).thenComparing(ObjectNode::toString);

    /** Checks a denial has a reason and no obligations, and copies the lists. */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        reasons = List.copyOf(reasons);
        obligations = List.copyOf(obligations);
        if (outcome == Outcome.DENY && reasons.isEmpty()) {
            throw new IllegalArgumentException("expected at least one reason for a denial, found none");
        }
        if (outcome == Outcome.DENY && !obligations.isEmpty()) {
            throw new IllegalArgumentException("expected no obligations on a denial, found " + obligations);
        }
    }

    /**
     * Creates a permit.
     *
     * @param obligations what must be applied to the data
     * @return the permit, without reasons
     */
    public static Decision permit(List<Obligation> obligations) {
        return new Decision(Outcome.PERMIT, List.of(), obligations);
    }

    /**
     * Creates a denial.
     *
     * @param reasons why, at least one
     * @return the denial
     */
    public static Decision deny(List<Reason> reasons) {
        return new Decision(Outcome.DENY, reasons, List.of());
    }

    /**
     * Creates a denial for one reason.
     *
     * @param code    the reason code, one of the constants of {@link Reason}
     * @param message the sentence for a data steward
     * @return the denial
     */
    public static Decision deny(String code, String message) {
        return deny(List.of(new Reason(code, message)));
    }

    /**
     * Tells whether the access may happen.
     *
     * @return true for {@link Outcome#PERMIT}
     */
    public boolean permitted() {
        return outcome == Outcome.PERMIT;
    }

    /**
     * Returns the JSON form for the ledger and the API: {@code {"decision": "PERMIT"|"DENY",
     * "reasons": [{"code", "message"}], "obligations": [{"kind", ...}]}}. Reasons keep the order
     * in which they were found (the first failing constraint first); obligations are sorted by
     * kind, then by content, so the same decision always has the same JSON.
     *
     * @return a new JSON object
     */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("decision", outcome.name());
        ArrayNode reasonsJson = out.putArray("reasons");
        reasons.forEach(r -> reasonsJson.add(r.toJson()));
        List<ObjectNode> sorted = new ArrayList<>();
        obligations.forEach(o -> sorted.add(o.toJson()));
        sorted.sort(BY_KIND_THEN_CONTENT);
        out.putArray("obligations").addAll(sorted);
        return out;
    }
}
