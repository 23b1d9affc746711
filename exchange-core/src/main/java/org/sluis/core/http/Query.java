package org.sluis.core.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads query parameters, collecting every problem before answering 400 once. */
final class Query {
    private final RoutingContext ctx;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    Query(RoutingContext ctx) {
        this.ctx = ctx;
    }

    Optional<String> text(String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() > 200) {
            errors.add(Problem.FieldError.parameter(name, "expected at most 200 characters, found " + v.length()));
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** One of {@code allowed}, compared exactly. */
    Optional<String> oneOf(String name, List<String> allowed) {
        Optional<String> v = text(name);
        if (v.isPresent() && !allowed.contains(v.get())) {
            errors.add(Problem.FieldError.parameter(name, "expected one of " + allowed + ", found '" + v.get() + "'"));
            return Optional.empty();
        }
        return v;
    }

    /** A value matching {@code form}, described as {@code rule} in the error. */
    Optional<String> matching(String name, Pattern form, String rule) {
        Optional<String> v = text(name);
        if (v.isPresent() && !form.matcher(v.get()).matches()) {
            errors.add(Problem.FieldError.parameter(name, "expected " + rule + ", found '" + v.get() + "'"));
            return Optional.empty();
        }
        return v;
    }

    /** A page size from 1 to {@code max}, {@code fallback} when absent. */
    int limit(int fallback, int max) {
        return range("limit", 1, max).orElse((long) fallback).intValue();
    }

    Optional<Long> nonNegative(String name) {
        return range(name, 0, Long.MAX_VALUE);
    }

    Optional<Long> range(String name, long min, long max) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get());
            if (n >= min && n <= max) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(Problem.FieldError.parameter(name, "expected an integer from " + min + " to " + max + ", found '" + v.get() + "'"));
        return Optional.empty();
    }

    /** A parameter that must be present. */
    Optional<String> requiredText(String name) {
        String raw = ctx.request().getParam(name);
        if (raw == null || raw.isEmpty()) {
            errors.add(Problem.FieldError.parameter(name, "is required"));
            return Optional.empty();
        }
        return text(name);
    }

    /** A non-negative integer that must be present. */
    Optional<Long> required(String name) {
        return requiredText(name).isEmpty() ? Optional.empty() : nonNegative(name);
    }

    Optional<Instant> time(String name) {
        Optional<String> v = text(name);
        try {
            return v.map(Instant::parse);
        } catch (DateTimeParseException e) {
            errors.add(Problem.FieldError.parameter(name, "expected an RFC 3339 UTC time such as 2026-01-31T12:00:00Z, found '" + v.get() + "'"));
            return Optional.empty();
        }
    }

    Optional<Long> cursor(String name) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(v.get()), StandardCharsets.US_ASCII);
            if (decoded.startsWith("i")) {
                long n = Long.parseLong(decoded.substring(1));
                if (n >= 0) {
                    return Optional.of(n);
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        errors.add(Problem.FieldError.parameter(name, "expected the value of 'next' from a previous page"));
        return Optional.empty();
    }

    void done() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }
}
