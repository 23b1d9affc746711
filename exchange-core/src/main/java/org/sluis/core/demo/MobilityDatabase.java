package org.sluis.core.demo;

import java.io.IOException;
import java.io.StringReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The shared-mobility provider's own PostgreSQL database, made beside the exchange's on the same
 * server: a database and a login role of its own named {@code <exchange database>_mobility}, with
 * the tables {@code vehicle_status} and {@code trips}. The exchange reads it as any provider's
 * database, through a {@code jdbc} source with that role's credentials, never its own.
 */
public final class MobilityDatabase {
    private static final Pattern SERVER = Pattern.compile("jdbc:postgresql://([^/?]+)/.*");

    private MobilityDatabase() {
    }

    /**
     * How the provider's database is reached.
     *
     * @param url      its JDBC URL
     * @param user     the provider's role
     * @param password that role's password
     */
    public record Source(String url, String user, String password) {
        @Override
        public String toString() {
            return "Source[url=" + url + ", user=" + user + ", password=***]";
        }
    }

    /**
     * Creates (afresh) the provider's database and role on the exchange's server and loads {@code data}.
     *
     * @param exchangeDb the exchange's database, connected as a role that may create roles and databases
     */
    public static Source create(DataSource exchangeDb, MobilityData data) throws SQLException {
        String name;
        String server;
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (Connection c = exchangeDb.getConnection(); Statement st = c.createStatement()) {
            name = name(c);
            Matcher m = SERVER.matcher(c.getMetaData().getURL());
            if (!m.matches()) {
                throw new SQLException("expected a jdbc:postgresql://host:port/database URL for the exchange's database, found "
                        + c.getMetaData().getURL().replaceFirst("\\?.*", "?…"));
            }
            server = m.group(1);
            drop(st, name);
            st.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            st.execute("CREATE DATABASE " + name + " OWNER " + name);
        }
        Source source = new Source("jdbc:postgresql://" + server + "/" + name, name, password);
        try (Connection c = DriverManager.getConnection(source.url(), source.user(), source.password());
             Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE vehicle_status (vehicle_id text PRIMARY KEY, lat double precision NOT NULL,
                      lon double precision NOT NULL, is_reserved boolean NOT NULL, is_disabled boolean NOT NULL,
                      vehicle_type_id text NOT NULL, current_range_meters integer NOT NULL, last_reported bigint NOT NULL)""");
            st.execute("""
                    CREATE TABLE trips (trip_id text PRIMARY KEY, device_id text NOT NULL, vehicle_type text NOT NULL,
                      start_time bigint NOT NULL, end_time bigint NOT NULL, trip_duration integer NOT NULL,
                      trip_distance integer NOT NULL, start_zone text NOT NULL, end_zone text NOT NULL)""");
            StringBuilder vehicles = new StringBuilder();
            for (MobilityData.Vehicle v : data.vehicles()) {
                vehicles.append(String.join(",", v.vehicleId(), Double.toString(v.lat()), Double.toString(v.lon()),
                        Boolean.toString(v.isReserved()), Boolean.toString(v.isDisabled()), v.vehicleTypeId(),
                        Integer.toString(v.currentRangeMeters()), Long.toString(v.lastReported()))).append('\n');
            }
            StringBuilder trips = new StringBuilder();
            for (MobilityData.Trip t : data.trips()) {
                trips.append(String.join(",", t.tripId(), t.deviceId(), t.vehicleType(), Long.toString(t.startTime()),
                        Long.toString(t.endTime()), Integer.toString(t.tripDuration()), Integer.toString(t.tripDistance()),
                        t.startZone(), t.endZone())).append('\n');
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY vehicle_status FROM STDIN (FORMAT csv)", new StringReader(vehicles.toString()));
            copy.copyIn("COPY trips FROM STDIN (FORMAT csv)", new StringReader(trips.toString()));
        } catch (IOException e) {
            throw new SQLException("cannot load the mobility tables: " + e.getMessage(), e);
        }
        return source;
    }

    /** Drops the provider's database and role, if they exist (tests on a shared server clean up with this). */
    public static void drop(DataSource exchangeDb) throws SQLException {
        try (Connection c = exchangeDb.getConnection(); Statement st = c.createStatement()) {
            drop(st, name(c));
        }
    }

    private static void drop(Statement st, String name) throws SQLException {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        st.execute("DROP ROLE IF EXISTS " + name);
    }

    /** {@code <exchange database>_mobility}; database names the exchange uses are plain identifiers. */
    private static String name(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            String db = rs.getString(1);
            if (!db.matches("[a-z_][a-z0-9_]{0,50}")) {
                throw new SQLException("expected the exchange's database name to be a plain lower-case identifier, found '" + db + "'");
            }
            return db + "_mobility";
        }
    }
}
