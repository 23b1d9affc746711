package org.sluis.core.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.sluis.core.json.JsonChecks;

/**
 * Where a dataset's records come from: the source kinds of {@code POST /v1/datasets}. A source may
 * hold secrets (HTTP and FHIR header values, the JDBC password, whatever a URL query carries), so
 * it has two JSON forms: {@link #toJson()} with everything, for storage, and {@link #publicJson()},
 * the only form any endpoint or log may show. {@code toString()} is the public form too. Reading
 * is {@link DatasetReader}'s job; the SSRF guard applies when a source is used, not here.
 */
public sealed interface DataSource permits DataSource.Http, DataSource.File, DataSource.Jdbc, DataSource.Fhir {

    /** What {@link #publicJson()} shows in place of a secret value. */
    String SECRET = "(secret)";

    /**
     * Returns the source as it is stored: the request's shape, secrets included.
     *
     * @return a new object; {@link DatasetReader#source(com.fasterxml.jackson.databind.JsonNode)} reads it back
     */
    ObjectNode toJson();

    /**
     * Returns what any endpoint may show. No secret value appears in it; that a secret is set
     * (which header, whether a password) does, since a data steward needs to see it.
     *
     * @return a new object
     */
    ObjectNode publicJson();

    /**
     * Records fetched over HTTP(S).
     *
     * @param url     absolute http or https URL with a host and without user information
     * @param format  one of {@link #FORMATS}
     * @param headers request headers, e.g. an API key, in order; values are secret
     */
    record Http(URI url, String format, Map<String, String> headers) implements DataSource {

        /** The formats an HTTP source may deliver. */
        public static final List<String> FORMATS = List.of("ndjson", "json", "csv");

        /**
         * Checks the URL, format and headers and copies the headers.
         *
         * @throws IllegalArgumentException if any breaks the rules of {@code POST /v1/datasets}
         */
        public Http {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(format, "format");
            refuse(Syntax.httpUrl(url.toString()));
            refuseUnless(FORMATS.contains(format), "expected a format in " + FORMATS + ", found "
                    + JsonChecks.quote(format));
            headers = checked(headers, Syntax::headerName, Syntax::headerValue);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = node("http").put("url", url.toString()).put("format", format);
            putAll(out, "headers", headers, Function.identity());
            return out;
        }

        @Override
        public ObjectNode publicJson() {
            ObjectNode out = node("http").put("url", publicUrl(url)).put("format", format);
            putAll(out, "headers", headers, value -> SECRET);
            return out;
        }

        @Override
        public String toString() {
            return "DataSource.Http" + publicJson();
        }
    }

    /**
     * Records read from a file under the operator's file root.
     *
     * @param path   relative, without {@code ..} segments, drive letter, leading separator or controls
     * @param format one of {@link #FORMATS}
     */
    record File(String path, String format) implements DataSource {

        /** The formats a file source may hold. */
        public static final List<String> FORMATS = List.of("ndjson", "csv");

        /**
         * Checks the path and format.
         *
         * @throws IllegalArgumentException if either breaks the rules of {@code POST /v1/datasets}
         */
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(format, "format");
            refuse(Syntax.filePath(path));
            refuseUnless(FORMATS.contains(format), "expected a format in " + FORMATS + ", found "
                    + JsonChecks.quote(format));
        }

        @Override
        public ObjectNode toJson() {
            return node("file").put("path", path).put("format", format);
        }

        @Override
        public ObjectNode publicJson() {
            return toJson();
        }
    }

    /**
     * Records read from PostgreSQL, from one table or one query.
     *
     * @param url      starts with {@code jdbc:postgresql://}, without user information; its query
     *                 string may carry secrets and is never shown
     * @param user     the database user, or null to use the URL's or the driver's default
     * @param password the password, or null if none is set; secret
     * @param table    {@code table} or {@code schema.table}; present exactly when {@code query} is not
     * @param query    a non-blank SQL query of at most 10000 characters
     */
    record Jdbc(String url, String user, String password, Optional<String> table, Optional<String> query)
            implements DataSource {

        /**
         * Checks the URL, that exactly one of table and query is given, and each.
         *
         * @throws IllegalArgumentException if any breaks the rules of {@code POST /v1/datasets}
         */
        public Jdbc {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(query, "query");
            refuse(Syntax.jdbcUrl(url));
            refuseUnless(table.isPresent() != query.isPresent(), "expected exactly one of table and query, found "
                    + (table.isPresent() ? "both" : "neither"));
            table.ifPresent(t -> refuse(Syntax.table(t)));
            query.ifPresent(q -> refuse(Syntax.query(q)));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = node("jdbc").put("url", url);
            if (user != null) {
                out.put("user", user);
            }
            if (password != null) {
                out.put("password", password);
            }
            table.ifPresent(t -> out.put("table", t));
            query.ifPresent(q -> out.put("query", q));
            return out;
        }

        @Override
        public ObjectNode publicJson() {
            ObjectNode out = node("jdbc").put("url", Syntax.jdbcPublic(url));
            if (user != null) {
                out.put("user", user);
            }
            if (password != null) {
                out.put("password", SECRET);
            }
            table.ifPresent(t -> out.put("table", t));
            query.ifPresent(q -> out.put("query", q));
            return out;
        }

        @Override
        public String toString() {
            return "DataSource.Jdbc" + publicJson();
        }
    }

    /**
     * Resources read from a FHIR server's search API.
     *
     * @param url          the FHIR base URL, absolute http or https with a host, without user information
     * @param resourceType the resource type searched, e.g. {@code Observation}
     * @param params       search parameters, in order
     * @param headers      request headers, e.g. an authorization header, in order; values are secret
     */
    record Fhir(URI url, String resourceType, Map<String, String> params, Map<String, String> headers)
            implements DataSource {

        /**
         * Checks the URL, resource type, parameters and headers and copies the maps.
         *
         * @throws IllegalArgumentException if any breaks the rules of {@code POST /v1/datasets}
         */
        public Fhir {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(resourceType, "resourceType");
            refuse(Syntax.httpUrl(url.toString()));
            refuse(Syntax.resourceType(resourceType));
            params = checked(params, Syntax::parameterName, Syntax::parameterValue);
            headers = checked(headers, Syntax::headerName, Syntax::headerValue);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = node("fhir").put("url", url.toString()).put("resourceType", resourceType);
            putAll(out, "params", params, Function.identity());
            putAll(out, "headers", headers, Function.identity());
            return out;
        }

        @Override
        public ObjectNode publicJson() {
            ObjectNode out = node("fhir").put("url", publicUrl(url)).put("resourceType", resourceType);
            putAll(out, "params", params, Function.identity());
            putAll(out, "headers", headers, value -> SECRET);
            return out;
        }

        @Override
        public String toString() {
            return "DataSource.Fhir" + publicJson();
        }
    }

    private static ObjectNode node(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    private static void putAll(ObjectNode out, String name, Map<String, String> entries,
                               Function<String, String> shown) {
        if (!entries.isEmpty()) {
            ObjectNode object = out.putObject(name);
            entries.forEach((k, v) -> object.put(k, shown.apply(v)));
        }
    }

    /**
     * The URL with every query value masked: APIs commonly take keys in the query
     * ({@code ?apikey=...}), and which parameters are set is all a steward needs to see. The
     * fragment is never sent, so it is dropped.
     */
    private static String publicUrl(URI url) {
        StringBuilder out = new StringBuilder(url.getScheme()).append("://").append(url.getRawAuthority())
                .append(url.getRawPath() == null ? "" : url.getRawPath());
        String query = url.getRawQuery();
        if (query != null) {
            String separator = "?";
            for (String part : query.split("&", -1)) {
                int eq = part.indexOf('=');
                out.append(separator).append(eq < 0 ? SECRET : part.substring(0, eq + 1) + SECRET);
                separator = "&";
            }
        }
        return out.toString();
    }

    private static Map<String, String> checked(Map<String, String> entries, Function<String, Optional<String>> names,
                                               Function<String, Optional<String>> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            refuse(names.apply(Objects.requireNonNull(k, "name")));
            refuse(values.apply(Objects.requireNonNull(v, "value")));
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void refuse(Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    private static void refuseUnless(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
