package org.sluis.core.catalog;

import static org.sluis.core.json.JsonChecks.child;
import static org.sluis.core.json.JsonChecks.describe;
import static org.sluis.core.json.JsonChecks.oneOf;
import static org.sluis.core.json.JsonChecks.string;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sluis.contracts.odrl.Problem;
import org.sluis.core.json.JsonChecks;

/**
 * Reads the {@code source} member of a dataset (or a stored {@link DataSource#toJson()}): the
 * type decides which members are allowed, and every problem is reported. Messages never repeat
 * a secret (header values, the password) nor a URL's query, which may hold one.
 */
final class SourceReader {

    private static final List<String> TYPES = List.of("http", "file", "jdbc", "fhir");
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "http", Set.of("type", "url", "format", "headers"),
            "file", Set.of("type", "path", "format"),
            "jdbc", Set.of("type", "url", "user", "password", "table", "query"),
            "fhir", Set.of("type", "url", "resourceType", "params", "headers"));

    private SourceReader() {
    }

    /**
     * Reads a source.
     *
     * @param node     the source object, or null if the member is absent
     * @param at       its pointer
     * @param problems where problems are added
     * @return the source, if it had no problem
     */
    static Optional<DataSource> read(JsonNode node, String at, List<Problem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem(at, "expected a source object with 'type' one of " + TYPES + ", found "
                    + describe(node)));
            return Optional.empty();
        }
        int before = problems.size();
        Optional<String> type = string(node, at, "type", true, "a source type, one of " + TYPES, oneOf(TYPES),
                problems);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonChecks.onlyMembers(node, at, MEMBERS.get(type.get()), "a " + type.get() + " source", problems);
        Optional<DataSource> source = switch (type.get()) {
            case "http" -> http(node, at, problems);
            case "file" -> file(node, at, problems);
            case "jdbc" -> jdbc(node, at, problems);
            default -> fhir(node, at, problems);
        };
        return problems.size() == before ? source : Optional.empty();
    }

    private static Optional<DataSource> http(JsonNode node, String at, List<Problem> problems) {
        Optional<String> url = string(node, at, "url", true, "an absolute http or https URL", Syntax::httpUrl,
                problems);
        Optional<String> format = string(node, at, "format", true, "a format, one of " + DataSource.Http.FORMATS,
                oneOf(DataSource.Http.FORMATS), problems);
        Optional<Map<String, String>> headers = headers(node, at, problems);
        if (url.isEmpty() || format.isEmpty() || headers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataSource.Http(URI.create(url.get()), format.get(), headers.get()));
    }

    private static Optional<DataSource> file(JsonNode node, String at, List<Problem> problems) {
        Optional<String> path = string(node, at, "path", true, "a relative path", Syntax::filePath, problems);
        Optional<String> format = string(node, at, "format", true, "a format, one of " + DataSource.File.FORMATS,
                oneOf(DataSource.File.FORMATS), problems);
        if (path.isEmpty() || format.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataSource.File(path.get(), format.get()));
    }

    private static Optional<DataSource> jdbc(JsonNode node, String at, List<Problem> problems) {
        int before = problems.size();
        Optional<String> url = string(node, at, "url", true, "a URL starting with '" + Syntax.JDBC_PREFIX + "'",
                Syntax::jdbcUrl, problems);
        Optional<String> user = string(node, at, "user", false, "a user name", value -> Syntax.hasControl(value)
                ? Optional.of("expected a user name without control characters, found " + JsonChecks.quote(value))
                : Optional.empty(), problems);
        JsonNode password = node.get("password");
        if (password != null && !password.isTextual()) {
            // The type only: a mistyped password is still a password.
            problems.add(new Problem(child(at, "password"), "expected a string, found a "
                    + password.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        boolean hasTable = node.has("table");
        if (hasTable == node.has("query")) {
            problems.add(new Problem(child(at, hasTable ? "query" : "table"), "expected exactly one of 'table' and"
                    + " 'query', found " + (hasTable ? "both" : "neither")));
        }
        Optional<String> table = string(node, at, "table", false, "a table name", Syntax::table, problems);
        Optional<String> query = string(node, at, "query", false, "an SQL query", Syntax::query, problems);
        if (problems.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new DataSource.Jdbc(url.orElseThrow(), user.orElse(null),
                password == null ? null : password.asText(), table, query));
    }

    private static Optional<DataSource> fhir(JsonNode node, String at, List<Problem> problems) {
        Optional<String> url = string(node, at, "url", true, "an absolute http or https URL", Syntax::httpUrl,
                problems);
        Optional<String> resourceType = string(node, at, "resourceType", true, "a FHIR resource type",
                Syntax::resourceType, problems);
        Optional<Map<String, String>> params = JsonChecks.stringMap(node, at, "params", Syntax::parameterName,
                Syntax::parameterValue, false, problems);
        Optional<Map<String, String>> headers = headers(node, at, problems);
        if (url.isEmpty() || resourceType.isEmpty() || params.isEmpty() || headers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DataSource.Fhir(URI.create(url.get()), resourceType.get(), params.get(), headers.get()));
    }

    private static Optional<Map<String, String>> headers(JsonNode node, String at, List<Problem> problems) {
        return JsonChecks.stringMap(node, at, "headers", Syntax::headerName, Syntax::headerValue, true, problems);
    }
}
