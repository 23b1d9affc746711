package org.sluis.core.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Exchange base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--key-file", defaultValue = "data/" + Bootstrap.KEY_FILE, paramLabel = "FILE",
            description = "Your key, PKCS#8 PEM (default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(names = "--cert-file", defaultValue = "data/" + Bootstrap.CERT_FILE, paramLabel = "FILE",
            description = "Your certificate followed by the CA chain, PEM (default: ${DEFAULT-VALUE}).")
    Path certFile;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(ClientCredentials.load(keyFile, certFile).fetchToken(url));
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
