package org.sluis.connectors.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.RecordSource;
import org.sluis.connectors.SourceRead;

/**
 * Records from one PostgreSQL table, view or query, one connection per transfer.
 *
 * <p><b>Push-down.</b> The requested fields become the select list ({@code SELECT "a","b"}),
 * each first matched against the relation's actual columns, so only names the database itself
 * reported are ever quoted into SQL; values (the resume point, the cap) are always bind
 * parameters. {@code since} becomes {@code WHERE "key" > ?}, bound untyped so that PostgreSQL
 * reads it as the key column's own type; {@code limit} becomes {@code LIMIT ?}.
 *
 * <p><b>Pages, not one cursor.</b> With an order key the rows are read in pages of
 * {@link JdbcSourceConfig#pageSize()} rows ({@code ... WHERE "key" > <last key> ORDER BY "key" LIMIT n}),
 * each page one short read-only transaction read through a server-side cursor
 * ({@link JdbcSourceConfig#fetchSize()} rows per round trip; the driver only streams with
 * autocommit off). One cursor over the whole relation would give the transfer a single snapshot,
 * but would hold one transaction open for as long as the consumer reads, which for hours keeps
 * PostgreSQL's vacuum from reclaiming dead rows and blocks DDL on the table. Pages trade that for
 * per-page snapshots: a row that exists throughout is read exactly once (keys are unique and only
 * increase along the read), while a row inserted, updated or deleted during the transfer may or may
 * not appear. Without an order key there is nothing to continue from, so the source reads in one
 * cursor and refuses {@code since}.
 *
 * <p><b>Consent is pushed down.</b> With a {@link org.sluis.connectors.ConsentPushdown} in the
 * read, every page's statement carries a condition that computes each row's subject hash in SQL
 * and keeps only the rows consent lets through ({@link ConsentClause}, which also says when it
 * cannot and leaves the filtering to the exchange). The exchange filters what arrives anyway, so
 * a consent revoked during the transfer still stops the next record.
 */
public final class JdbcSource implements RecordSource {

    /** PostgreSQL's limit on {@code application_name}. */
    private static final int MAX_APPLICATION_NAME = 63;

    private final JdbcSourceConfig config;

    /** A source reading as {@code config} says; nothing is connected until {@link #open}. */
    public JdbcSource(JdbcSourceConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Connects, checks the request against the relation's columns and runs the first page.
     *
     * @throws IllegalArgumentException if a requested field is no column of the relation, or {@code since} is given
     *                                  for a source without an order key, or is not a value of the key's type
     * @throws IOException              if the database cannot be reached, the relation does not exist or the query fails
     */
    @Override
    public RecordCursor open(SourceRead read) throws IOException {
        Connection c = connect(read);
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Relation relation = Relation.describe(c, config);
            c.commit();
            List<Relation.Column> selected = select(relation, read);
            if (read.since().isPresent() && relation.orderKey().isEmpty()) {
                throw new IllegalArgumentException("expected no 'since' for " + relation.label()
                        + ", which has no order key (configure one: a unique, not-null column), found '"
                        + JdbcSourceConfig.printable(read.since().get()) + "'");
            }
            JdbcCursor cursor = new JdbcCursor(c, config, relation, selected, read.limit(), read.since(),
                    ConsentClause.of(c, relation, read.consent()));
            cursor.start();
            return cursor;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("opening", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The requested columns in the relation's order; all of them when none are requested. */
    private static List<Relation.Column> select(Relation relation, SourceRead read) {
        if (read.fields().isEmpty()) {
            return relation.columns();
        }
        List<Relation.Column> out = new ArrayList<>();
        for (Relation.Column col : relation.columns()) {
            if (read.fields().contains(col.name())) {
                out.add(col);
            }
        }
        if (out.size() != read.fields().size()) {
            List<String> unknown = read.fields().stream()
                    .filter(f -> relation.columns().stream().noneMatch(col -> col.name().equals(f)))
                    .sorted().map(JdbcSourceConfig::printable).toList();
            throw new IllegalArgumentException("expected fields that are columns of " + relation.label()
                    + ", found unknown fields " + unknown + " (columns: "
                    + relation.columns().stream().map(Relation.Column::name).toList() + ")");
        }
        return out;
    }

    private Connection connect(SourceRead read) throws IOException {
        Properties props = new Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        // Shown in the provider's pg_stat_activity and logs, so the provider can audit the reads too.
        String app = "sluis transfer " + read.transferId();
        props.setProperty("ApplicationName", app.length() > MAX_APPLICATION_NAME ? app.substring(0, MAX_APPLICATION_NAME) : app);
        try {
            return DriverManager.getConnection(config.url(), props);
        } catch (SQLException e) {
            throw failure("connecting to", e);
        }
    }

    /** An IOException naming where, without the URL's query string or the password. */
    IOException failure(String doing, SQLException e) {
        return new IOException(doing + " " + (config.table().map(t -> "table " + t).orElse("the configured query")) + " at "
                + config.publicUrl() + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing after a failure: the failure is what the caller needs to see.
        }
    }

    @Override
    public String toString() {
        return "JdbcSource[" + config + "]";
    }
}
