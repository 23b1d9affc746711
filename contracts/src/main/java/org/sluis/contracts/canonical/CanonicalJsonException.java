package org.sluis.contracts.canonical;

import java.util.Optional;

/**
 * Thrown when input cannot be canonicalised under RFC 8785: it is not I-JSON (RFC 8785 §3.1,
 * RFC 7493), or it holds a value JCS cannot represent (a lone surrogate, NaN or Infinity, an
 * integer whose canonical form would denote a different integer, nesting deeper than
 * {@link CanonicalJson#MAX_NESTING_DEPTH}).
 *
 * <p>Unchecked: callers that hash or sign treat it as "this document has no canonical form" and
 * reject the document. The message says what was expected and what was found and, where the
 * offending value is known, ends with its RFC 6901 JSON Pointer, also available from
 * {@link #pointer()}.
 */
public final class CanonicalJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** RFC 6901 pointer of the offending value, or null when no single value is to blame. */
    private final String pointer;

    CanonicalJsonException(String problem, String pointer) {
        this(problem, pointer, null);
    }

    CanonicalJsonException(String problem, String pointer, Throwable cause) {
        super(pointer == null ? problem : problem + " at JSON Pointer \"" + pointer + "\"", cause);
        this.pointer = pointer;
    }

    /**
     * The RFC 6901 JSON Pointer of the offending value, when one value is to blame.
     *
     * @return the pointer ({@code ""} is the root value), or empty for input-level problems such
     *     as malformed UTF-8, empty input or trailing content after the root value
     */
    public Optional<String> pointer() {
        return Optional.ofNullable(pointer);
    }
}
