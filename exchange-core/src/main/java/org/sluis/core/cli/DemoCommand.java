package org.sluis.core.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.sluis.core.Exchange;
import org.sluis.core.config.Config;
import org.sluis.core.config.ConfigException;
import org.sluis.core.config.ConfigLoader;
import org.sluis.core.demo.DemoScenario;
import org.sluis.core.demo.Story;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluis demo}: starts the exchange on its embedded PostgreSQL in a demo data directory of its
 * own, plays the three-domain scenario through the HTTP API, tells what happened, and keeps the
 * exchange running with hints on how to talk to it.
 *
 * <p>Every run starts afresh: a directory this command made before (it holds {@value #MARKER}) is
 * emptied, except the unpacked PostgreSQL binaries, which only take time to unpack again; any other
 * non-empty directory is refused rather than touched.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = SluisCommand.VersionProvider.class,
        description = {
            "Starts the exchange on its embedded PostgreSQL in a fresh demo data directory, with made-up participants in",
            "health, mobility and corridor industry and synthetic data (fixed seed), plays a scenario through the HTTP API",
            "(contracts, pulls and pushes with obligations applied, refusals, a revoked consent, a terminated agreement,",
            "a verified ledger), prints what happened, and keeps running (Ctrl-C stops it).",
            "Each run starts afresh: the data directory's earlier demo is deleted (the PostgreSQL binaries are kept)."})
public final class DemoCommand implements Callable<Integer> {
    /** The file that marks a directory as the demo's own, which a later run may empty. */
    static final String MARKER = ".sluis-demo";
    /** The loopback network the demo's own upstreams live on, which the SSRF guard must let through. */
    static final String LOOPBACK = "127.0.0.0/8";

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "demo-data", paramLabel = "DIR",
            description = "The demo's data directory, emptied at start (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: SLUIS_HTTP_PORT or 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--exit", description = "Stop the exchange once the story is told, instead of keeping it running.")
    boolean exit;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = new HashMap<>(System.getenv());
        if (env.containsKey("SLUIS_DB_URL")) {
            err.println("the demo runs on its own embedded PostgreSQL; unset SLUIS_DB_URL (use 'sluis serve' for an external database)");
            return 2;
        }
        Optional<String> problem = freshDirectory(dataDir);
        if (problem.isPresent()) {
            err.println(problem.get());
            return 2;
        }
        Path demoDir = dataDir.resolve("demo");
        Files.createDirectories(demoDir);
        Path log = demoDir.resolve("exchange.log");
        logTo(log);
        env.put("SLUIS_DATA_DIR", dataDir.toString());
        env.merge("SLUIS_ALLOW_NETWORKS", LOOPBACK, (mine, demo) -> mine + "," + demo);
        if (port != null) {
            env.put("SLUIS_HTTP_PORT", port.toString());
        }
        Config config;
        try {
            config = ConfigLoader.load(Optional.empty(), env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println("Sluis demo: data in " + dataDir + ", exchange log in " + log);
        out.println("allowNetworks = " + config.allowNetworks() + ": set by the demo so that the exchange may reach the demo"
                + " participants' own endpoints and database on loopback, which its SSRF guard refuses otherwise");
        out.println("starting the exchange on its embedded PostgreSQL (the first start unpacks PostgreSQL, which takes a while) …");
        out.flush();
        Exchange exchange = Exchange.start(config);
        DemoScenario scenario = null;
        boolean keepRunning = false;
        try {
            scenario = new DemoScenario(exchange.publicUrl(), ClientCredentials.load(dataDir.resolve(Bootstrap.KEY_FILE),
                    dataDir.resolve(Bootstrap.CERT_FILE)), demoDir, config.filesRoot(), exchange.dataSource(), new Story(out));
            DemoScenario.Outcome outcome = scenario.run();
            hints(out, exchange, outcome);
            if (!outcome.audit().ok()) {
                return 1;
            }
            keepRunning = !exit;
        } catch (RuntimeException | SQLException e) {
            err.println("the demo stopped: " + e.getMessage() + " (the exchange's log: " + log + ")");
            return 1;
        } finally {
            if (!keepRunning) {
                if (scenario != null) {
                    scenario.close();
                }
                exchange.close();
            }
        }
        if (!keepRunning) {
            return 0;
        }
        DemoScenario running = scenario;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            exchange.close();
            stopped.countDown();
        }, "sluis-demo-shutdown"));
        out.println("The exchange keeps running at " + exchange.publicUrl() + " (Ctrl-C stops it).");
        out.flush();
        stopped.await();
        return 0;
    }

    private void hints(PrintWriter out, Exchange exchange, DemoScenario.Outcome outcome) {
        String url = exchange.publicUrl().toString();
        String cli = "java -jar " + jar();
        Path creds = dataDir.resolve("demo").resolve("creds");
        out.println();
        out.println("== Talk to it");
        out.println("  base URL      " + url + "   (OpenAPI: " + url + "/v1/openapi.json)");
        out.println("  keys          " + creds + "/<participant>.key.pem and .cert.pem for every participant above;");
        out.println("                the operator's in " + dataDir + "/operator.key.pem and .cert.pem");
        out.println("  audit files   " + outcome.audit().export().getParent() + "/ (export.ndjson, checkpoint, verifier.key)");
        out.println();
        out.println("  # 1. log in as the university lab and list its agreements");
        out.println("  LAB=$(" + cli + " token --url " + url + " --key-file " + creds + "/uni-lab.key.pem --cert-file " + creds
                + "/uni-lab.cert.pem)");
        out.println("  curl -s -H \"Authorization: Bearer $LAB\" " + url + "/v1/agreements");
        out.println("  # 2. pull the first observations under its research agreement: patient ids pseudonymised");
        out.println("  curl -s -H \"Authorization: Bearer $LAB\" \"" + url + "/v1/data/" + outcome.researchAgreement()
                + "?purpose=scientific-research&limit=3\"");
        out.println("  # 3. verify the ledger as the audit office did");
        out.println("  " + cli + " ledger verify --export " + outcome.audit().export() + " --checkpoint " + outcome.audit().checkpoint()
                + " --key " + outcome.audit().verifierKey());
        out.flush();
    }

    /** The running jar as the user would name it, relative to the working directory when inside it. */
    private static String jar() {
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.toString().endsWith(".jar")) {
                return "exchange-core/target/sluis.jar";
            }
            Path cwd = Path.of("").toAbsolutePath();
            return jar.startsWith(cwd) ? cwd.relativize(jar).toString() : jar.toString();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return "exchange-core/target/sluis.jar";
        }
    }

    /** Empties a directory an earlier demo made (keeping the PostgreSQL binaries) or creates one; else says why not. */
    static Optional<String> freshDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                return Optional.of(dir + " is not empty and was not made by 'sluis demo'; choose another --data-dir");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.filter(p -> !p.getFileName().toString().equals(".postgres-bin")).toList()) {
                    deleteTree(entry);
                }
            }
        } else if (Files.exists(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by 'sluis demo'; every run of it empties this directory\n");
        return Optional.empty();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Sends the exchange's log (and access log) to a file, so the story is not buried in it. */
    private static void logTo(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("demo-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        for (Logger logger : context.getLoggerList()) {
            if (logger.iteratorForAppenders().hasNext()) {
                logger.detachAndStopAllAppenders();
                logger.addAppender(appender);
            }
        }
    }
}
