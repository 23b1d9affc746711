package org.sluis.core.cli;

import org.sluis.core.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code sluis} command; its subcommands do the work. */
@Command(name = "sluis",
        mixinStandardHelpOptions = true,
        versionProvider = SluisCommand.VersionProvider.class,
        description = "Sluis: a secure data-sharing exchange with machine-readable contracts, record-level consent"
                + " and a verifiable ledger.",
        subcommands = {ServeCommand.class, DemoCommand.class, KeygenCommand.class, TokenCommand.class, KeysCommand.class, LedgerCommand.class, AgreementCommand.class,
            HelpCommand.class})
public final class SluisCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints {@code sluis <version>}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sluis " + Version.current()};
        }
    }
}
