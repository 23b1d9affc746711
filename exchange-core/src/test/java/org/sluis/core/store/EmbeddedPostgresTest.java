package org.sluis.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL: real binaries, a cluster in the data directory that outlives the process. */
class EmbeddedPostgresTest {
    @TempDir
    Path dataDir;

    @Test
    void start_writeStopStart_dataIsStillThere() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir); Connection c = connect(pg); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('survives a restart')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir); Connection c = connect(pg); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            assertTrue(rs.next());
            assertEquals("survives a restart", rs.getString(1));
        }
    }

    @Test
    void start_keepsThePasswordReadableByTheOwnerOnly() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir)) {
            assertTrue(pg.port() > 0);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("postgres.password"))));
            assertFalse(Files.exists(dataDir.resolve("postgres.initpw")), "the initdb password file is removed");
        }
    }

    @Test
    void connect_withoutThePassword_isRefused() {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir)) {
            Properties wrong = new Properties();
            wrong.setProperty("user", EmbeddedPostgres.USER);
            wrong.setProperty("password", "not-the-password");
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(pg.jdbcUrl(), wrong).close());
            assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        }
    }

    @Test
    void close_stopsTheServer() {
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir);
        pg.close();
        assertThrows(SQLException.class, () -> connect(pg).close());
    }

    private static Connection connect(EmbeddedPostgres pg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedPostgres.USER);
        p.setProperty("password", pg.password());
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }
}
