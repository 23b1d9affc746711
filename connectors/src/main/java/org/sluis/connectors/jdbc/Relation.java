package org.sluis.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a source reads from, as the database describes it: the SQL to put after {@code FROM}, its
 * columns in order with their kinds, and the order key. Column names come from the database, never
 * from the request: a requested field is used only after it matched one of them.
 *
 * @param from     a quoted table name or a parenthesised query with an alias
 * @param label    how messages name it: {@code table "s"."t"} or {@code the configured query}
 * @param columns  the columns in the relation's order
 * @param orderKey the unique, non-null column that orders the rows, if there is one
 */
record Relation(String from, String label, List<Column> columns, Optional<Column> orderKey) {

    /** One column: its name as the database spells it and how its values become JSON. */
    record Column(String name, ColumnKind kind, String typeName) {
    }

    /** Relation kinds whose unique indexes the database guarantees; views and queries only promise. */
    private static final Set<String> TABLE_KINDS = Set.of("r", "p", "m");

    /**
     * Describes the configured table or query.
     *
     * @throws IllegalArgumentException if the configured order key is not a column, or not unique and not null
     * @throws SQLException             if the table does not exist or the query does not prepare
     */
    static Relation describe(Connection c, JdbcSourceConfig config) throws SQLException {
        String from;
        String label;
        if (config.table().isPresent()) {
            from = quoteQualified(config.table().get());
            label = "table " + from;
        } else {
            // The newline ends a trailing '--' comment; a trailing ';' would end the statement early.
            from = "(\n" + config.query().get().strip().replaceFirst(";\\s*$", "") + "\n) AS sluis_q";
            label = "the configured query";
        }
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM " + from + " WHERE false");
             ResultSet rs = st.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new Column(md.getColumnLabel(i), ColumnKind.of(md.getColumnType(i), md.getColumnTypeName(i)),
                        md.getColumnTypeName(i)));
            }
        }
        Optional<Column> key = config.table().isPresent()
                ? tableKey(c, from, label, columns, config.orderKey())
                : config.orderKey().map(k -> column(columns, k, label, "order key"));
        return new Relation(from, label, List.copyOf(columns), key);
    }

    /** The column named {@code name}, exactly as the database spells it. */
    static Column column(List<Column> columns, String name, String label, String role) {
        for (Column col : columns) {
            if (col.name().equals(name)) {
                return col;
            }
        }
        throw new IllegalArgumentException("expected the " + role + " '" + JdbcSourceConfig.printable(name)
                + "' to be a column of " + label + ", found columns " + columns.stream().map(Column::name).toList());
    }

    /**
     * A table's order key: the configured column, which a single-column unique index over a NOT NULL
     * column must back (keyset pages skip rows whose key ties across a page boundary), or else the
     * single-column primary key.
     */
    private static Optional<Column> tableKey(Connection c, String from, String label, List<Column> columns,
                                             Optional<String> configured) throws SQLException {
        String relkind = null;
        String primary = null;
        Set<String> unique = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT c.relkind, a.attname, i.indisprimary, a.attnotnull
                FROM pg_class c
                LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisunique AND i.indnkeyatts = 1
                     AND i.indpred IS NULL AND i.indexprs IS NULL
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
                WHERE c.oid = CAST(? AS regclass)""")) {
            st.setString(1, from);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    relkind = rs.getString(1);
                    String column = rs.getString(2);
                    if (column != null && rs.getBoolean(4)) {
                        unique.add(column);
                        if (rs.getBoolean(3)) {
                            primary = column;
                        }
                    }
                }
            }
        }
        if (configured.isPresent()) {
            Column key = column(columns, configured.get(), label, "order key");
            if (TABLE_KINDS.contains(relkind) && !unique.contains(key.name())) {
                throw new IllegalArgumentException("expected the order key '" + key.name() + "' of " + label
                        + " to be NOT NULL with a single-column unique index (pages continue after the last key, so a"
                        + " tie would lose rows), found " + (unique.isEmpty() ? "no such column"
                        : "such columns " + unique.stream().sorted().toList()));
            }
            return Optional.of(key);
        }
        return Optional.ofNullable(primary).map(p -> column(columns, p, label, "primary key"));
    }

    /** {@code "schema"."table"} from a name the config already matched against the identifier pattern. */
    private static String quoteQualified(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? quote(table) : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    /** A quoted identifier; doubling quotes keeps a database-supplied name with one in it a name. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
