package org.sluis.core.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluis keys}: the exchange's own signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = SluisCommand.VersionProvider.class,
        description = "Manage the exchange's signing keys (operator).",
        subcommands = {KeysCommand.Rotate.class})
public final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code sluis keys rotate}. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {
                "Rotates a signing key of the running exchange (POST /v1/keys/<purpose>/rotate) and records it in the ledger.",
                "--purpose token: new access tokens are signed with a new key; the old key stays published in",
                "/.well-known/jwks.json until the last token it signed has expired. Every instance sharing the",
                "data directory's keys picks the new key up within a second.",
                "--purpose ledger: the old key signs a last checkpoint, then a new key with the same name (the log's",
                "origin) signs the following ones; the old key stays published (previousLedgerVerifierKeys, JWKS)",
                "because it verifies the checkpoints it signed.",
                "--purpose notary: agreements are signed with a new key; old notary keys stay published for good."})
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--purpose", required = true, description = "Which key: token, notary or ledger.")
        String purpose;

        @Mixin
        ExchangeLogin login;

        @Override
        public Integer call() {
            if (!List.of("token", "notary", "ledger").contains(purpose)) {
                spec.commandLine().getErr().println("--purpose: expected token, notary or ledger, found '" + purpose + "'");
                return 2;
            }
            try {
                String token = login.token();
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                        HttpRequest.newBuilder(login.url.resolve("/v1/keys/" + purpose + "/rotate")).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    spec.commandLine().getErr().println("rotation refused (" + r.statusCode() + "): " + r.body());
                    return 1;
                }
                spec.commandLine().getOut().println(r.body());
                return 0;
            } catch (IOException | RuntimeException e) {
                spec.commandLine().getErr().println("cannot rotate: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }
}
