package org.sluis.connectors.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * The start of an upstream's error body, for a person to diagnose by: it ends up in a transfer's
 * error and the consumer's problem detail. An upstream may echo the request, so every configured
 * header value (an API key, a bearer token) is masked, whole or as a trailing fragment cut off by
 * the end of the body; more is read than shown so a value that starts in the shown part is whole.
 * Used by every source that sends configured headers (HTTP, FHIR).
 */
public final class UpstreamExcerpt {
    /** What stands in for a secret. */
    static final String MASK = "(secret)";
    private static final int EXCERPT_CHARS = 200;
    private static final int EXCERPT_READ_BYTES = 1024;
    /** The shortest trailing fragment of a secret that is masked; shorter ones are too common to mean anything. */
    private static final int MIN_FRAGMENT = 4;

    private UpstreamExcerpt() {
    }

    /**
     * Reads the start of {@code body} and masks {@code secrets} in it.
     *
     * @param body    the error body; read, not closed
     * @param secrets the header values sent upstream
     * @return at most 200 characters and an ellipsis, control characters as spaces
     * @throws IOException if the body cannot be read
     */
    public static String of(InputStream body, Collection<String> secrets) throws IOException {
        int longest = secrets.stream().mapToInt(String::length).max().orElse(0);
        byte[] bytes = body.readNBytes(EXCERPT_READ_BYTES + 4 * longest);
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String value : secrets) {
            if (!value.isEmpty()) {
                text = text.replace(value, MASK);
                for (int k = Math.min(value.length() - 1, text.length()); k >= MIN_FRAGMENT; k--) {
                    if (text.endsWith(value.substring(0, k))) {
                        text = text.substring(0, text.length() - k) + MASK;
                        break;
                    }
                }
            }
        }
        String shown = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
