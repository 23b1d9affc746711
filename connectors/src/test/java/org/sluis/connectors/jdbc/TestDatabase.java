package org.sluis.connectors.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped on {@link #close()}: on the
 * server named by {@code SLUIS_TEST_DB_URL} when set (CI sets it), otherwise on one embedded
 * PostgreSQL per test JVM, run from the {@code io.zonky.test.postgres} binaries. A trimmed copy
 * of exchange-core's {@code EmbeddedPostgres} (connectors cannot depend on exchange-core): trust
 * authentication on 127.0.0.1 only, as user {@code nobody} when the tests run as root, since
 * PostgreSQL refuses root.
 */
public final class TestDatabase implements AutoCloseable {
    static final String ENV = "SLUIS_TEST_DB_URL";
    private static String sharedAdminUrl;

    private final String adminUrl;
    private final String name;

    private TestDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /**
     * Creates a database named {@code sluis_conn_<random>}.
     *
     * @return the database; the caller drops it with {@link #close()}
     */
    public static TestDatabase create() {
        String admin = System.getenv(ENV);
        if (admin == null || admin.isBlank()) {
            admin = embedded();
        }
        String name = "sluis_conn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, "CREATE DATABASE " + name);
        return new TestDatabase(admin, name);
    }

    /**
     * Returns this database's JDBC URL, credentials (if any) in its query string, as the admin URL had them.
     *
     * @return a {@code jdbc:postgresql:} URL
     */
    public String url() {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : adminUrl.substring(q));
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /**
     * Runs statements on one connection, each committed as it runs.
     *
     * @param sql the statements
     */
    public void run(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("setting up the test data failed: " + e.getMessage(), e);
        }
    }

    /** Drops the database, closing whatever connections are still open to it. */
    @Override
    public void close() {
        execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static synchronized String embedded() {
        if (sharedAdminUrl == null) {
            try {
                sharedAdminUrl = startEmbedded();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return sharedAdminUrl;
    }

    private static String startEmbedded() throws IOException {
        Path dir = Files.createTempDirectory("sluis-conn-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = unpack(dir.resolve("bin"));
        Path cluster = dir.resolve("cluster");
        Files.createDirectories(cluster);
        List<String> runAs = runAs();
        if (!runAs.isEmpty()) {
            int uid = Integer.parseInt(runAs.get(1).substring("--reuid=".length()));
            Files.setAttribute(cluster, "unix:uid", uid);
        }
        exec(runAs, bin.resolve("bin/initdb").toString(), "-D", cluster.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-locale");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        exec(runAs, bin.resolve("bin/pg_ctl").toString(), "start", "-w", "-t", "120", "-D", cluster.toString(),
                "-l", cluster.resolve("server.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                exec(runAs, bin.resolve("bin/pg_ctl").toString(), "stop", "-w", "-m", "immediate", "-D", cluster.toString());
            } finally {
                deleteTree(dir);
            }
        }, "test-postgres-stop"));
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static Path unpack(Path target) throws IOException {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String archive = "postgres-linux-" + (arch.equals("aarch64") ? "arm_64" : "x86_64") + ".txz";
        try (InputStream in = TestDatabase.class.getClassLoader().getResourceAsStream(archive)) {
            if (in == null) {
                throw new IllegalStateException(archive + " is not on the class path; set " + ENV);
            }
            byte[] bytes = in.readAllBytes();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(bytes)))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("archive entry escapes the target: " + e.getName());
                    }
                    Files.createDirectories(e.isDirectory() ? out : out.getParent());
                    if (e.isSymbolicLink()) {
                        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    } else if (!e.isDirectory()) {
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(
                                (e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(target)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return target;
    }

    private static List<String> runAs() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals("nobody")) {
                return List.of("setpriv", "--reuid=" + f[2], "--regid=" + f[3], "--clear-groups");
            }
        }
        throw new IllegalStateException("tests run as root, PostgreSQL refuses root and there is no user nobody; set " + ENV);
    }

    private static void exec(List<String> runAs, String... command) {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("PG"));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(150, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
