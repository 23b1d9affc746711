package org.sluis.connectors.jdbc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sluis.connectors.RecordCursor;

/**
 * Reads a relation page by page (see {@link JdbcSource} for why pages): each page is one
 * statement in one read-only transaction, read through a server-side cursor, and the next page
 * starts after the last key of the one before. The last key is kept as PostgreSQL's own text for
 * it and bound untyped, so the server parses it back in the key column's type, exactly. A pushed-down
 * consent filter is a condition of every page.
 */
final class JdbcCursor implements RecordCursor {

    /** SQLSTATEs for a value that does not parse as the key's type: the caller's {@code since}, not the database. */
    private static final Set<String> BAD_VALUE = Set.of("22P02", "22007", "22008", "22003");

    private final Connection connection;
    private final JdbcSourceConfig config;
    private final Relation relation;
    private final List<Relation.Column> selected;
    private final Optional<Long> limit;
    /** The first page's statement, from the start or after {@code since}. */
    private final String firstSql;
    /** Every later page's statement, after the last key read. */
    private final String nextSql;
    /** 1-based index of the order key in the select list, or 0 without one. */
    private final int keyIndex;
    /** The consent condition every page's statement carries, if the consent filter is pushed down. */
    private final Optional<ConsentClause> consent;

    private String lastKey;
    private long delivered;
    private long pageRows;
    private long pageCap;
    private PreparedStatement statement;
    private ResultSet rows;
    private boolean done;
    private boolean closed;

    JdbcCursor(Connection connection, JdbcSourceConfig config, Relation relation, List<Relation.Column> selected,
               Optional<Long> limit, Optional<String> since, Optional<ConsentClause> consent) {
        this.connection = connection;
        this.consent = consent;
        this.config = config;
        this.relation = relation;
        this.selected = selected;
        this.limit = limit;
        this.lastKey = since.orElse(null);
        StringBuilder select = new StringBuilder("SELECT ");
        for (Relation.Column col : selected) {
            select.append(Relation.quote(col.name())).append(',');
        }
        int key = 0;
        if (relation.orderKey().isPresent()) {
            Relation.Column k = relation.orderKey().get();
            key = selected.indexOf(k) + 1;
            if (key == 0) {
                // Not requested, but needed to continue: read it after the requested fields, never yield it.
                select.append(Relation.quote(k.name())).append(',');
                key = selected.size() + 1;
            }
        }
        this.keyIndex = key;
        select.setLength(select.length() - 1);
        select.append(" FROM ").append(relation.from());
        String where = consent.map(c -> " WHERE " + c.sql()).orElse("");
        if (relation.orderKey().isPresent()) {
            String k = Relation.quote(relation.orderKey().get().name());
            String after = select + (where.isEmpty() ? " WHERE " : where + " AND ") + k + " > ? ORDER BY " + k + " LIMIT ?";
            this.firstSql = since.isPresent() ? after : select + where + " ORDER BY " + k + " LIMIT ?";
            this.nextSql = after;
        } else {
            this.firstSql = select + where + " LIMIT ?";
            this.nextSql = firstSql;
        }
    }

    /**
     * Runs the first page, so that a bad {@code since} or a failing query surfaces from {@code open}.
     *
     * @throws IllegalArgumentException if {@code since} is no value of the order key's type
     */
    void start() throws SQLException {
        try {
            nextPage();
        } catch (SQLException e) {
            if (lastKey != null && BAD_VALUE.contains(e.getSQLState())) {
                Relation.Column k = relation.orderKey().orElseThrow();
                throw new IllegalArgumentException("expected 'since' to be a value of the order key '" + k.name() + "' ("
                        + k.typeName() + "), found '" + JdbcSourceConfig.printable(lastKey) + "': " + e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public ObjectNode next() throws IOException {
        if (closed) {
            throw new IOException("the cursor over " + relation.label() + " is closed");
        }
        try {
            while (!done) {
                if (rows.next()) {
                    return record();
                }
                endPage();
                if (done) {
                    break;
                }
                nextPage();
            }
            return null;
        } catch (SQLException e) {
            close();
            throw new IOException("reading " + relation.label() + " at " + config.publicUrl() + " failed after "
                    + delivered + " records: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private ObjectNode record() throws SQLException, IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < selected.size(); i++) {
            Relation.Column col = selected.get(i);
            out.set(col.name(), col.kind().read(rows, i + 1));
        }
        if (keyIndex > 0) {
            String key = rows.getString(keyIndex);
            if (key == null || key.equals(lastKey)) {
                close();
                throw new IOException("expected the order key '" + relation.orderKey().orElseThrow().name() + "' of "
                        + relation.label() + " to be unique and not null, found " + (key == null ? "null" : "a repeated value")
                        + " after " + delivered + " records");
            }
            lastKey = key;
        }
        delivered++;
        pageRows++;
        return out;
    }

    /** Ends the current page's transaction and decides whether another page can hold more rows. */
    private void endPage() throws SQLException {
        rows.close();
        statement.close();
        rows = null;
        statement = null;
        connection.commit();
        boolean capped = limit.isPresent() && delivered >= limit.get();
        done = keyIndex == 0 || capped || pageRows < pageCap;
    }

    private void nextPage() throws SQLException {
        long remaining = limit.map(l -> l - delivered).orElse(Long.MAX_VALUE);
        pageCap = keyIndex == 0 ? remaining : Math.min(remaining, config.pageSize());
        pageRows = 0;
        String sql = lastKey == null ? firstSql : nextSql;
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(config.fetchSize());
        int p = 1;
        if (consent.isPresent()) {
            p = consent.get().bind(statement, p);
        }
        if (lastKey != null && keyIndex > 0) {
            // Untyped: PostgreSQL reads the text as the key column's type (int, timestamptz, uuid, text...).
            statement.setObject(p++, lastKey, Types.OTHER);
        }
        statement.setLong(p, pageCap);
        rows = statement.executeQuery();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        done = true;
        try {
            connection.rollback();
        } catch (SQLException e) {
            // Read-only: nothing to lose; the connection is closed next either way.
        }
        JdbcSource.closeQuietly(connection);
    }
}
