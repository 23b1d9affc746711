package org.sluis.core.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sluis.core.Exchange;
import org.sluis.core.config.Config;
import org.sluis.core.config.ConfigException;
import org.sluis.core.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code sluis serve}: runs the exchange until SIGTERM or Ctrl-C, then stops in order. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = SluisCommand.VersionProvider.class,
        description = {
            "Starts the exchange. Without a database URL it starts an embedded PostgreSQL in the data directory.",
            "Settings come from defaults, then the --config file, then SLUIS_* environment variables.",
            "On SIGTERM in-flight requests finish (within shutdownGraceSeconds) and the pools close."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file (see deploy/sluis.example.yaml). Environment variables override it.")
    Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        Config config;
        try {
            config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Exchange exchange = Exchange.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exchange.close();
            stopped.countDown();
        }, "sluis-shutdown"));
        spec.commandLine().getOut().println("Sluis is running at " + exchange.publicUrl() + " (Ctrl-C or SIGTERM stops it)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
