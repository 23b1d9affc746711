package org.sluis.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.Version;
import org.sluis.core.store.EmbeddedPostgres;
import org.sluis.core.store.TestDatabase;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Nested
    class Help {
        @Test
        void version_printsTheBuildVersion() {
            Run r = run("--version");
            assertEquals(0, r.exitCode());
            assertEquals("sluis " + Version.current(), r.out().strip());
            assertTrue(!Version.current().equals("unknown"), "the version comes from the build");
        }

        @Test
        void serveHelp_explainsItsOptions() {
            Run r = run("serve", "--help");
            assertEquals(0, r.exitCode());
            assertTrue(r.out().contains("--config"), r.out());
            assertTrue(r.out().contains("embedded PostgreSQL"), r.out());
        }
    }

    @Nested
    class Serve {
        @Test
        void anUnknownConfigKey_failsAtStart_namingIt() throws Exception {
            Path config = dir.resolve("sluis.yaml");
            Files.writeString(config, "htp:\n  port: 8080\n");
            Run r = run("serve", "--config", config.toString());
            assertEquals(2, r.exitCode());
            assertTrue(r.err().contains("'htp.port'"), r.err());
        }

        @Test
        void sigterm_stopsTheProcessInOrder() throws Exception {
            try (TestDatabase db = TestDatabase.create()) {
                String log = serveThenSigterm(Map.of("SLUIS_DB_URL", db.url(), "SLUIS_DB_USER", db.user(),
                        "SLUIS_DB_PASSWORD", db.password()));
                assertTrue(log.contains("stopped") && !log.contains("orderly stop incomplete"), log);
                try (Connection c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                        "SELECT stopped_at FROM exchange_node")) {
                    assertTrue(rs.next(), "the node recorded its start");
                    assertNotNull(rs.getObject(1), "the node recorded its orderly stop before the pool closed");
                }
            }
        }

        @Test
        void sigterm_onTheEmbeddedDatabase_stopsItLast() throws Exception {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            String log = serveThenSigterm(Map.of());
            assertTrue(log.contains("stopped") && !log.contains("orderly stop incomplete"), log);
            assertTrue(log.indexOf("embedded PostgreSQL stopped") > log.indexOf("stopping node"), log);
            try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
                Properties p = new Properties();
                p.setProperty("user", EmbeddedPostgres.USER);
                p.setProperty("password", pg.password());
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
                     ResultSet rs = c.createStatement().executeQuery("SELECT stopped_at FROM exchange_node")) {
                    assertTrue(rs.next());
                    assertNotNull(rs.getObject(1), "the stop was recorded before the embedded database went down");
                }
            }
        }

        /** Runs {@code sluis serve} in a child JVM, checks it is ready, sends SIGTERM and returns its output. */
        private String serveThenSigterm(Map<String, String> env) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve")
                    .redirectErrorStream(true);
            pb.environment().put("SLUIS_HTTP_PORT", "0");
            pb.environment().put("SLUIS_HTTP_HOST", "127.0.0.1");
            pb.environment().put("SLUIS_DATA_DIR", dir.toString());
            pb.environment().putAll(env);
            Process process = pb.start();
            StringBuilder output = new StringBuilder();
            CompletableFuture<String> running = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                Pattern url = Pattern.compile("Sluis is running at (\\S+)");
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        Matcher m = url.matcher(line);
                        if (m.find()) {
                            running.complete(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    running.completeExceptionally(e);
                }
                running.completeExceptionally(new IllegalStateException("process ended before it was running"));
            });
            reader.start();
            try {
                URI base = URI.create(running.get(60, TimeUnit.SECONDS));
                HttpResponse<String> ready = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                        HttpRequest.newBuilder(base.resolve("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode());
                // SIGTERM through the handle: Process.destroy() would also close our end of its output.
                assertTrue(process.toHandle().destroy());
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process exits after SIGTERM");
                reader.join(5_000);
            } finally {
                process.destroyForcibly();
            }
            synchronized (output) {
                return output.toString();
            }
        }
    }
}
