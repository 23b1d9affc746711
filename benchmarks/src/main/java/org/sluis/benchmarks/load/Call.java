package org.sluis.benchmarks.load;

import java.util.Objects;

/**
 * One HTTP request the driver made, and how it ended.
 *
 * @param requestId  the {@code X-Request-Id} sent
 * @param operation  what it was for, e.g. {@code negotiate}
 * @param target     where it went: {@code lb} (nginx), {@code a} or {@code b} (one instance directly)
 * @param startNanos {@link System#nanoTime()} when it was sent
 * @param endNanos   when its answer was read completely, or when it failed
 * @param status     the HTTP status, or -1 when no answer came
 * @param expected   whether the status was one the operation expects and the body arrived whole
 * @param failure    what went wrong when no whole answer came, else null
 */
public record Call(String requestId, String operation, String target, long startNanos, long endNanos, int status, boolean expected,
                   String failure) {
    /** Requires the identifying components. */
    public Call {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
    }

    /** A line for a report. */
    public String describe(long originNanos) {
        return String.format("%s %s via %s at %.3f s: %s", requestId, operation, target, (startNanos - originNanos) / 1e9,
                failure != null ? failure : "status " + status);
    }
}
