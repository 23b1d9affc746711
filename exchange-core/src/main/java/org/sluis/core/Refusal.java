package org.sluis.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.sluis.contracts.odrl.Problem;

/**
 * An expected refusal of a request by a service of the exchange: invalid input, a caller without
 * the right, something that does not exist, or a state that does not allow it. Services throw it
 * from blocking code; the gateway answers it as an RFC 9457 problem, with the offending fields and
 * any facts (such as a negotiation's current state) as members. Nothing was changed.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal, with the HTTP status the gateway answers. */
    public enum Kind {
        /** The request's content is invalid (400); the errors name the fields. */
        INVALID(400),
        /** The caller may not do this (403). */
        FORBIDDEN(403),
        /** There is no such thing, or the caller may not know it exists (404). */
        NOT_FOUND(404),
        /** The current state does not allow it (409); the facts say what the state is. */
        CONFLICT(409);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The HTTP status for this kind. */
        public int status() {
            return status;
        }
    }

    /** The fact naming the query parameter of an {@link #invalidParameter} refusal. */
    public static final String PARAMETER = "parameter";

    private final Kind kind;
    private final transient List<Problem> errors;
    private final transient Map<String, String> facts;

    private Refusal(Kind kind, String detail, List<Problem> errors, Map<String, String> facts) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.errors = List.copyOf(errors);
        this.facts = Map.copyOf(facts);
    }

    /** Invalid input; {@code errors} name the offending fields by JSON Pointer. */
    public static Refusal invalid(List<Problem> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message() : errors.size() + " values are invalid; see errors.";
        return new Refusal(Kind.INVALID, detail, errors, Map.of());
    }

    /**
     * Invalid input in a query parameter (not a body field): {@code facts} carries it as
     * {@code parameter}, which the HTTP layer reports as the error's {@code parameter}.
     */
    public static Refusal invalidParameter(String name, String message) {
        return new Refusal(Kind.INVALID, message, List.of(), Map.of(PARAMETER, name));
    }

    /** Invalid input at one field. */
    public static Refusal invalid(String pointer, String message) {
        return invalid(List.of(new Problem(pointer, message)));
    }

    /** The caller may not do this. */
    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail, List.of(), Map.of());
    }

    /** Nothing by that name, as far as the caller may know. */
    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail, List.of(), Map.of());
    }

    /** The current state does not allow it; {@code facts} (e.g. {@code state}) become problem members. */
    public static Refusal conflict(String detail, Map<String, String> facts) {
        return new Refusal(Kind.CONFLICT, detail, List.of(), new LinkedHashMap<>(facts));
    }

    /** The kind of refusal. */
    public Kind kind() {
        return kind;
    }

    /** The offending fields, for {@link Kind#INVALID}. */
    public List<Problem> errors() {
        return errors;
    }

    /** Facts about the current state that the caller needs to decide what to do next. */
    public Map<String, String> facts() {
        return facts;
    }
}
