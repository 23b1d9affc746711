package org.sluis.core.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar: {@code java -jar sluis.jar <command>}. */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, for tests that run commands without exiting the JVM. */
    public static CommandLine commandLine() {
        return new CommandLine(new SluisCommand());
    }
}
