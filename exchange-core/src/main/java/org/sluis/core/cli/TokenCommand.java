package org.sluis.core.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluis token}: prints an access token, obtained with a client assertion signed by your key. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = SluisCommand.VersionProvider.class,
        description = {
            "Signs an RFC 7523 client assertion with your key and certificate and exchanges it at /oauth/token",
            "for an access token, printed on its own so scripts can do:",
            "  curl -H \"Authorization: Bearer $(sluis token)\" http://localhost:8080/v1/participants/me",
            "Defaults are the operator credentials the exchange left in ./data on its first start."})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ExchangeLogin login;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(login.token());
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("no token: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
