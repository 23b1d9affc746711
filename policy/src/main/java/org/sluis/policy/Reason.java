package org.sluis.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * Why a decision came out as it did. The codes below are the stable ones the decision point
 * produces; clients may switch on them.
 *
 * @param code    a stable UPPER_SNAKE machine code
 * @param message a sentence a data steward understands, naming the constraint or rule involved
 */
public record Reason(String code, String message) {

    /** The caller is not the agreement's (or the rule's) assignee. */
    public static final String NOT_ASSIGNEE = "NOT_ASSIGNEE";
    /** The request's or a rule's action is not in the decision point's action table. */
    public static final String UNKNOWN_ACTION = "UNKNOWN_ACTION";
    /** A constraint uses a left operand the decision point does not evaluate. */
    public static final String UNKNOWN_LEFT_OPERAND = "UNKNOWN_LEFT_OPERAND";
    /** A constraint uses an operator that has no meaning for its left operand. */
    public static final String UNSUPPORTED_OPERATOR = "UNSUPPORTED_OPERATOR";
    /** A constraint's right operand (type, unit or value) does not fit its left operand. */
    public static final String INVALID_RIGHT_OPERAND = "INVALID_RIGHT_OPERAND";
    /** A duty's action is not one the exchange can fulfil or leave to the consumer. */
    public static final String UNKNOWN_DUTY = "UNKNOWN_DUTY";
    /** A duty the exchange knows is stated so that it cannot be fulfilled (missing or unknown fields, no deadline). */
    public static final String INVALID_DUTY = "INVALID_DUTY";
    /** A prohibition covers the requested action and its constraints hold. */
    public static final String PROHIBITED = "PROHIBITED";
    /** No permission covers the requested action. */
    public static final String NOT_PERMITTED = "NOT_PERMITTED";
    /** A {@code purpose} constraint does not hold. */
    public static final String PURPOSE_NOT_PERMITTED = "PURPOSE_NOT_PERMITTED";
    /** A {@code dateTime} constraint does not hold. */
    public static final String TIME_NOT_PERMITTED = "TIME_NOT_PERMITTED";
    /** An {@code elapsedTime} constraint does not hold. */
    public static final String ELAPSED_TIME_NOT_PERMITTED = "ELAPSED_TIME_NOT_PERMITTED";
    /** A {@code count} constraint does not hold. */
    public static final String COUNT_NOT_PERMITTED = "COUNT_NOT_PERMITTED";
    /** A {@code recipient} constraint does not hold. */
    public static final String RECIPIENT_NOT_PERMITTED = "RECIPIENT_NOT_PERMITTED";
    /** A {@code spatial} constraint does not hold for the caller's region. */
    public static final String REGION_NOT_PERMITTED = "REGION_NOT_PERMITTED";
    /** A {@code spatial} constraint applies but the caller's region is absent or unknown. */
    public static final String REGION_UNKNOWN = "REGION_UNKNOWN";
    /** An {@code or} or {@code xone} constraint does not hold. */
    public static final String LOGICAL_CONSTRAINT_NOT_SATISFIED = "LOGICAL_CONSTRAINT_NOT_SATISFIED";
    /** The data subject's consent does not permit the use. */
    public static final String CONSENT = "CONSENT";

    /** Checks the code is UPPER_SNAKE and the message is not blank. */
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!isUpperSnake(code)) {
            throw new IllegalArgumentException("expected an UPPER_SNAKE reason code, found '" + code + "'");
        }
        if (message.isBlank()) {
            throw new IllegalArgumentException("expected a message for reason " + code + ", found none");
        }
    }

    /** UPPER_SNAKE: {@code [A-Z][A-Z0-9]*(_[A-Z0-9]+)*}, checked without a regex since denials are frequent. */
    private static boolean isUpperSnake(String code) {
        if (code.isEmpty() || code.charAt(0) < 'A' || code.charAt(0) > 'Z' || code.charAt(code.length() - 1) == '_') {
            return false;
        }
        for (int i = 1; i < code.length(); i++) {
            char c = code.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' && code.charAt(i - 1) != '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the JSON form.
     *
     * @return {@code {"code": ..., "message": ...}}
     */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
    }
}
