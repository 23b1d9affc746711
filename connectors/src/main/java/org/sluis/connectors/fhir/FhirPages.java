package org.sluis.connectors.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Objects;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.http.StallGuardedStream;
import org.sluis.connectors.http.UpstreamExcerpt;

/**
 * Walks a search's Bundle pages for {@link FhirSource}: one page's response open at a time,
 * parsed token by token. A Bundle's members may come in any order in JSON, so {@code link} is
 * remembered whether it comes before or after {@code entry}, and the next page is requested only
 * when this one has ended.
 */
final class FhirPages implements RecordCursor {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FhirSource source;
    private final SourceRead read;
    private final long limit;

    private URI current;
    private URI next;
    private int page;
    private long delivered;
    private InputStream body;
    private JsonParser parser;
    private boolean inEntries;
    private boolean sawBundle;
    private boolean closed;
    /** A next link that leaves the origin, refused once this page's resources are delivered. */
    private IOException refusedLink;

    FhirPages(FhirSource source, URI first, SourceRead read) {
        this.source = source;
        this.read = read;
        this.limit = read.limit().orElse(Long.MAX_VALUE);
        this.next = first;
    }

    /** Requests the first page. */
    void start() throws IOException {
        try {
            fetchNext();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public ObjectNode next() throws IOException {
        if (closed) {
            return null;
        }
        try {
            while (delivered < limit) {
                if (parser == null) {
                    if (next == null) {
                        break;
                    }
                    fetchNext();
                }
                ObjectNode resource = advance();
                if (resource != null) {
                    delivered++;
                    return resource;
                }
            }
            close();
            return null;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The next matching resource of this page, or null when the page ended (then {@code next} is set or null). */
    private ObjectNode advance() throws IOException {
        for (JsonToken t; (t = parser.nextToken()) != null; ) {
            if (inEntries) {
                if (t == JsonToken.END_ARRAY) {
                    inEntries = false;
                    continue;
                }
                JsonNode entry = parser.readValueAsTree();
                JsonNode resource = entry.get("resource");
                String mode = entry.path("search").path("mode").asText("match");
                if (resource instanceof ObjectNode r && mode.equals("match")) {
                    return r;
                }
                continue;
            }
            if (t == JsonToken.END_OBJECT) {
                endPage();
                return null;
            }
            String name = parser.currentName();
            t = parser.nextToken();
            switch (name) {
                case "resourceType" -> {
                    if (!"Bundle".equals(parser.getValueAsString())) {
                        throw malformed("expected a Bundle, found resourceType '" + parser.getText() + "'");
                    }
                    sawBundle = true;
                }
                case "entry" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw malformed("expected 'entry' to be an array, found " + t);
                    }
                    inEntries = true;
                }
                case "link" -> nextLink(parser.readValueAsTree());
                default -> parser.skipChildren();
            }
        }
        throw malformed("expected the Bundle to end with '}', found the end of the response");
    }

    private void nextLink(JsonNode links) throws IOException {
        for (JsonNode link : links) {
            if ("next".equals(link.path("relation").asText()) && link.path("url").isTextual()) {
                URI target;
                try {
                    target = current.resolve(link.get("url").asText());
                } catch (IllegalArgumentException e) {
                    throw malformed("expected the next link to be a URL, found one that is not");
                }
                if (!sameOrigin(source.base, target)) {
                    // Raised when the page ends: where 'link' sits in the JSON must not change what is delivered.
                    refusedLink = new IOException("refused the next link of page " + page + " from " + shown(current)
                            + ": expected the origin " + origin(source.base) + ", found " + origin(target));
                    continue;
                }
                if (target.equals(current)) {
                    throw malformed("expected the next link to lead to another page, found the same page");
                }
                next = target;
            }
        }
    }

    private void endPage() throws IOException {
        if (!sawBundle) {
            throw malformed("expected a Bundle, found an object without resourceType 'Bundle'");
        }
        if (parser.nextToken() != null) {
            throw malformed("expected nothing after the Bundle, found more");
        }
        closePage();
        if (refusedLink != null) {
            throw refusedLink;
        }
    }

    private void fetchNext() throws IOException {
        URI uri = Objects.requireNonNull(next);
        next = null;
        current = uri;
        page++;
        source.urlCheck.accept(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(source.timeout);
        source.headers.forEach(request::header);
        request.setHeader("Accept", "application/fhir+json")
                .setHeader("X-Sluis-Agreement", read.agreementId())
                .setHeader("X-Sluis-Consumer", read.consumer())
                .setHeader("X-Sluis-Transfer", read.transferId());
        HttpResponse<InputStream> response;
        try {
            response = source.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting page " + page + " from " + shown(uri));
        }
        body = new StallGuardedStream(response.body(), source.timeout, shown(uri));
        if (response.statusCode() != 200) {
            String detail = UpstreamExcerpt.of(body, source.headers.values());
            throw new IOException("expected 200 for page " + page + " from " + shown(uri) + ", found " + response.statusCode()
                    + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "") + ": " + detail);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/fhir+json") && !type.startsWith("application/json")) {
            throw new IOException("expected application/fhir+json for page " + page + " from " + shown(uri)
                    + ", found '" + type + "'");
        }
        parser = MAPPER.createParser(body);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw malformed("expected a JSON object");
        }
        inEntries = false;
        sawBundle = false;
    }

    private IOException malformed(String problem) {
        return new IOException("page " + page + " from " + shown(current) + " is not a FHIR searchset Bundle: " + problem);
    }

    private void closePage() {
        try {
            if (parser != null) {
                parser.close();
            }
            if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            // The page is abandoned either way; a failure to close it changes nothing the caller can act on.
        }
        parser = null;
        body = null;
    }

    @Override
    public void close() {
        closed = true;
        next = null;
        closePage();
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b) && b.getRawUserInfo() == null;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + ":" + (u.getScheme() == null ? "?" : port(u));
    }

    /** A URL as a message shows it: no query (search values may be personal data), no user information. */
    static String shown(URI u) {
        return (u.getScheme() == null ? "" : u.getScheme() + "://") + (u.getHost() == null ? "" : u.getHost())
                + (u.getPort() == -1 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
