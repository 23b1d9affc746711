package org.sluis.connectors.jdbc;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how a {@link JdbcSource} reads: one PostgreSQL table, view or query.
 *
 * <p>A query is the provider's own {@code SELECT}; the source wraps it as a subquery
 * ({@code SELECT "a","b" FROM (<query>) AS q WHERE "key" > ? ORDER BY "key" LIMIT ?}), so it
 * takes no parameters of its own: projection, resume point and cap are added around it. It runs
 * in a read-only transaction, so a data-modifying query fails instead of writing.
 *
 * @param url       the JDBC URL; {@code jdbc:postgresql://} only. Its query string may carry secrets, so
 *                  messages show it without
 * @param user      the database user, or null to use the URL's or the driver's default
 * @param password  the password, or null for none; secret: never in a message or {@link #toString()}
 * @param table     a table or view, {@code name} or {@code schema.name}, matched exactly (quoted, case kept);
 *                  present exactly when {@code query} is not
 * @param query     a non-blank {@code SELECT} the provider configured
 * @param orderKey  the column that orders the records, resumes ({@code since}) and continues the pages: it must
 *                  be unique and not null. Empty means the table's single-column primary key; if there is none
 *                  (a query, a view, a composite key) the source reads in one cursor, in the order the database
 *                  yields, and refuses {@code since}
 * @param fetchSize rows per round trip of the server-side cursor; 1 to 100000
 * @param pageSize  rows per page, each page one short read-only transaction (see {@link JdbcSource}); at
 *                  least {@code fetchSize}
 */
public record JdbcSourceConfig(String url, String user, String password, Optional<String> table,
                               Optional<String> query, Optional<String> orderKey, int fetchSize, int pageSize) {

    /** The scheme the driver on the class path serves. */
    public static final String URL_PREFIX = "jdbc:postgresql:";
    /** Rows per round trip unless configured. */
    public static final int DEFAULT_FETCH_SIZE = 1000;
    /** Rows per page unless configured: at the default fetch size, 100 round trips per transaction. */
    public static final int DEFAULT_PAGE_SIZE = 100_000;
    static final int MAX_FETCH_SIZE = 100_000;
    /** An unquoted SQL identifier; anything else (quotes, dots, spaces, semicolons) is refused, not escaped. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")?");

    /**
     * Checks every component.
     *
     * @throws IllegalArgumentException naming the component and what was expected
     */
    public JdbcSourceConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(orderKey, "orderKey");
        if (!url.startsWith(URL_PREFIX) || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("expected a URL starting with '" + URL_PREFIX + "', found '"
                    + publicUrl(url) + "'");
        }
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("expected exactly one of table and query, found "
                    + (table.isPresent() ? "both" : "neither"));
        }
        table.ifPresent(t -> {
            if (!TABLE.matcher(t).matches()) {
                throw new IllegalArgumentException("expected a table name such as 'visits' or 'public.visits' (letters,"
                        + " digits and '_', at most 63 each), found '" + printable(t) + "'");
            }
        });
        query.ifPresent(q -> {
            if (q.isBlank()) {
                throw new IllegalArgumentException("expected a non-blank query, found a blank one");
            }
        });
        orderKey.ifPresent(k -> {
            if (!IDENTIFIER.matcher(k).matches()) {
                throw new IllegalArgumentException("expected an order key column name (letters, digits and '_'), found '"
                        + printable(k) + "'");
            }
        });
        if (fetchSize < 1 || fetchSize > MAX_FETCH_SIZE) {
            throw new IllegalArgumentException("expected a fetch size from 1 to " + MAX_FETCH_SIZE + ", found " + fetchSize);
        }
        if (pageSize < fetchSize) {
            throw new IllegalArgumentException("expected a page size of at least the fetch size " + fetchSize + ", found "
                    + pageSize);
        }
    }

    /** A table source with the defaults: primary key order, default fetch and page size. */
    public static JdbcSourceConfig ofTable(String url, String user, String password, String table) {
        return new JdbcSourceConfig(url, user, password, Optional.of(table), Optional.empty(), Optional.empty(),
                DEFAULT_FETCH_SIZE, DEFAULT_PAGE_SIZE);
    }

    /** A query source with the defaults; without an order key it reads in one cursor. */
    public static JdbcSourceConfig ofQuery(String url, String user, String password, String query,
                                           Optional<String> orderKey) {
        return new JdbcSourceConfig(url, user, password, Optional.empty(), Optional.of(query), orderKey,
                DEFAULT_FETCH_SIZE, DEFAULT_PAGE_SIZE);
    }

    /** The same source read in pages of {@code pageSize} rows fetched {@code fetchSize} at a time. */
    public JdbcSourceConfig withSizes(int fetchSize, int pageSize) {
        return new JdbcSourceConfig(url, user, password, table, query, orderKey, fetchSize, pageSize);
    }

    /** The same source ordered by {@code column}. */
    public JdbcSourceConfig withOrderKey(String column) {
        return new JdbcSourceConfig(url, user, password, table, query, Optional.of(column), fetchSize, pageSize);
    }

    /** The URL without its query string, which may carry {@code password=}. */
    String publicUrl() {
        return publicUrl(url);
    }

    /** Never the password, nor the URL's query string. */
    @Override
    public String toString() {
        return "JdbcSourceConfig[url=" + publicUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "(secret)")
                + ", table=" + table.orElse("-") + ", query=" + (query.isPresent() ? "(" + query.get().length() + " characters)" : "-")
                + ", orderKey=" + orderKey.orElse("(primary key)") + ", fetchSize=" + fetchSize + ", pageSize=" + pageSize + "]";
    }

    private static String publicUrl(String url) {
        int q = url.indexOf('?');
        return printable(q < 0 ? url : url.substring(0, q));
    }

    /** A value as a message may show it: controls escaped, so a log line stays one line. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 100 ? out + "…" : out.toString();
    }
}
