package org.sluis.core.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail: a stable {@code type}, a short {@code title}, the HTTP
 * {@code status}, a human {@code detail} and, for validation errors, the offending fields.
 *
 * @param type stable URI naming the kind of problem; clients branch on it
 * @param title short summary of the kind, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a person
 * @param errors the offending fields as JSON Pointers, empty when not a validation error
 * @param extensions further members (RFC 9457 section 3.2), e.g. a negotiation's current {@code state}
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, String> extensions) {
    /** Prefix of every problem type the exchange defines. */
    public static final String TYPE_PREFIX = "urn:sluis:problem:";

    /** Requires a type, title and detail, and a status in the 4xx/5xx range. */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        errors = List.copyOf(errors);
        extensions = Map.copyOf(extensions);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, found " + status);
        }
    }

    /** A problem without extension members. */
    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, Map.of());
    }

    /**
     * One offending value and what is wrong with it: in the body (an RFC 6901 JSON Pointer) or in
     * the query (the parameter's name). Exactly one of {@code pointer} and {@code parameter} is set.
     */
    public record FieldError(String pointer, String parameter, String detail) {
        /** Requires a detail and exactly one location. */
        public FieldError {
            Objects.requireNonNull(detail, "detail");
            if ((pointer == null) == (parameter == null)) {
                throw new IllegalArgumentException("a field error names a pointer or a parameter, not both or neither");
            }
        }

        /** An error in the JSON body at {@code pointer}. */
        public static FieldError at(String pointer, String detail) {
            return new FieldError(pointer, null, detail);
        }

        /** An error in query parameter {@code name}. */
        public static FieldError parameter(String name, String detail) {
            return new FieldError(null, name, detail);
        }
    }

    /** 400: invalid query parameters or body fields, each named. */
    public static Problem invalid(List<FieldError> errors) {
        return badRequest("validation-failed", errors.size() == 1 ? errors.get(0).detail()
                : errors.size() + " values are invalid; see errors.", errors);
    }

    /** 400: the request is malformed or fails validation. */
    public static Problem badRequest(String slug, String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + slug, "Bad request", 400, detail, errors);
    }

    /** 404: nothing at this path. */
    public static Problem notFound(String detail) {
        return new Problem(TYPE_PREFIX + "not-found", "Not found", 404, detail, List.of());
    }

    /** 405: the path exists but not with this method. */
    public static Problem methodNotAllowed(String detail) {
        return new Problem(TYPE_PREFIX + "method-not-allowed", "Method not allowed", 405, detail, List.of());
    }

    /** 413: the body is larger than the configured limit. */
    public static Problem tooLarge(String detail) {
        return new Problem(TYPE_PREFIX + "payload-too-large", "Payload too large", 413, detail, List.of());
    }

    /** 415: the body is not in a media type the route accepts. */
    public static Problem unsupportedMediaType(String detail) {
        return new Problem(TYPE_PREFIX + "unsupported-media-type", "Unsupported media type", 415, detail, List.of());
    }

    /** 503: a dependency the request needs (the database, the ledger) is not available. */
    public static Problem unavailable(String detail) {
        return new Problem(TYPE_PREFIX + "unavailable", "Service unavailable", 503, detail, List.of());
    }

    /** 500: an unexpected failure; the detail carries only the request id, never internals. */
    public static Problem internal(String requestId) {
        return new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500,
                "The exchange failed unexpectedly. Quote request id " + requestId + " to its operator.", List.of());
    }

    /** Any other status, with a generic type derived from it. */
    public static Problem ofStatus(int status, String title, String detail) {
        return new Problem(TYPE_PREFIX + "http-" + status, title, status, detail, List.of());
    }
}
