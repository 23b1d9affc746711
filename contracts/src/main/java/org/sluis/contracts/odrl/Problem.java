package org.sluis.contracts.odrl;

import java.util.Objects;

/**
 * One reason a policy document was rejected.
 *
 * @param pointer RFC 6901 JSON Pointer of the offending value in the document that was read
 *                ({@code ""} is the whole document); for a missing member it points to where the
 *                member should have been
 * @param message what was expected and what was found
 */
public record Problem(String pointer, String message) {

    /** Checks both components are present. */
    public Problem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new IllegalArgumentException(
                    "expected an RFC 6901 pointer that is empty or starts with '/', found '" + pointer + "'");
        }
    }
}
