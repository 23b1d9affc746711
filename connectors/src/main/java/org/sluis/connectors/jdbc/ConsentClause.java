package org.sluis.connectors.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.sluis.connectors.ConsentPushdown;

/**
 * A {@link ConsentPushdown} as a SQL condition, so that PostgreSQL returns only the rows whose
 * subject consent lets through and the others never leave the provider's database.
 *
 * <p>The exchange knows subjects only by their keyed hash, base64url of HMAC-SHA-256 under the
 * custodian's subject key, so the condition computes that hash of the subject column in SQL and
 * compares it with the listed ones. PostgreSQL (11 and later) has {@code sha256} built in, and
 * HMAC is two hashes (RFC 2104): {@code H((K ^ opad) || H((K ^ ipad) || m))}, with the two padded
 * keys bound as parameters. No extension (pgcrypto) is needed, and base64url without padding is
 * {@code encode(.., 'base64')} with {@code +/} mapped to {@code -_} and the {@code =} removed.
 * Handing the key to the database is safe because it is the custodian's own: see
 * {@code SubjectKey} in the exchange.
 *
 * <p>The condition must refuse exactly what the exchange's filter refuses, never more, so it is
 * used only where PostgreSQL's text of the value is the text the exchange hashes: text, varchar
 * and uuid columns (their own text) and integer columns (their digits, as the record's JSON number
 * prints them). A NULL subject makes the condition NULL, so the row is left out, as the exchange
 * leaves out a record without a subject. For any other column type, a list too long to bind, or a
 * PostgreSQL older than 11, there is no condition and the exchange's filter does all the work.
 */
final class ConsentClause {

    /** The most hashes bound in one statement: 100,000 is 4.4 MB of parameter, sent with every page. */
    static final int MAX_LISTED = 100_000;

    private static final Set<String> HASHABLE = Set.of("text", "varchar", "uuid", "int2", "int4", "int8");
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final String sql;
    private final byte[] outerPad;
    private final byte[] innerPad;
    private final String[] listed;

    private ConsentClause(String sql, byte[] outerPad, byte[] innerPad, String[] listed) {
        this.sql = sql;
        this.outerPad = outerPad;
        this.innerPad = innerPad;
        this.listed = listed;
    }

    /**
     * The condition for {@code pushdown} over {@code relation}, if it can be expressed exactly.
     *
     * @throws SQLException if the server's version cannot be read
     */
    static Optional<ConsentClause> of(Connection c, Relation relation, Optional<ConsentPushdown> pushdown) throws SQLException {
        if (pushdown.isEmpty()) {
            return Optional.empty();
        }
        ConsentPushdown p = pushdown.get();
        Optional<Relation.Column> subject = relation.columns().stream().filter(col -> col.name().equals(p.subjectField())).findFirst();
        if (subject.isEmpty() || !HASHABLE.contains(subject.get().typeName()) || p.listed().size() > MAX_LISTED
                || c.getMetaData().getDatabaseMajorVersion() < 11 || (!p.admitListed() && p.listed().isEmpty())) {
            return Optional.empty();
        }
        String hash = "translate(encode(sha256(CAST(? AS bytea) || sha256(CAST(? AS bytea) || convert_to(CAST("
                + Relation.quote(subject.get().name()) + " AS text), 'UTF8'))), 'base64'), '+/=', '-_')";
        String sql = p.admitListed() ? hash + " = ANY(?)" : "NOT (" + hash + " = ANY(?))";
        byte[] key = p.subjectKey();
        try {
            return Optional.of(new ConsentClause(sql, pad(key, OPAD), pad(key, IPAD), p.listed().toArray(new String[0])));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The condition, with three parameters for {@link #bind}. */
    String sql() {
        return sql;
    }

    /**
     * Binds the condition's parameters from index {@code first} on.
     *
     * @return the index of the next parameter
     */
    int bind(PreparedStatement statement, int first) throws SQLException {
        statement.setBytes(first, outerPad);
        statement.setBytes(first + 1, innerPad);
        statement.setArray(first + 2, statement.getConnection().createArrayOf("text", listed));
        return first + 3;
    }

    /** RFC 2104 §2: the key zero-padded to the block size, XORed with the pad byte. */
    private static byte[] pad(byte[] key, byte with) {
        byte[] out = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            out[i] = (byte) ((i < key.length ? key[i] : 0) ^ with);
        }
        return out;
    }
}
