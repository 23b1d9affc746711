package org.sluis.core.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.sluis.core.identity.Bootstrap;
import org.sluis.core.identity.ClientCredentials;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running exchange shares: where it is, and the key and
 * certificate to log in with (by default the operator's, which the exchange left in ./data).
 */
final class ExchangeLogin {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Exchange base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--key-file", defaultValue = "data/" + Bootstrap.KEY_FILE, paramLabel = "FILE",
            description = "Your participant key, PKCS#8 PEM (default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(names = "--cert-file", defaultValue = "data/" + Bootstrap.CERT_FILE, paramLabel = "FILE",
            description = "Your certificate followed by the CA chain, PEM (default: ${DEFAULT-VALUE}).")
    Path certFile;

    /** An access token, from a client assertion signed with the key. */
    String token() throws IOException, InterruptedException {
        return ClientCredentials.load(keyFile, certFile).fetchToken(url);
    }
}
