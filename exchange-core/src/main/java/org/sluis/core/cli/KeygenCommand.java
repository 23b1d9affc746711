package org.sluis.core.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.sluis.core.identity.CsrBuilder;
import org.sluis.core.identity.ParticipantSubject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluis keygen}: a participant's key pair and the CSR the operator turns into its certificate. */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = SluisCommand.VersionProvider.class,
        description = {
            "Creates your participant key (PKCS#8 PEM, mode 0600) and a PKCS#10 CSR for it.",
            "Send the CSR to the exchange operator, who registers you (POST /v1/participants) and returns your certificate",
            "and the CA chain; save those, your certificate first, as <id>.cert.pem, then use 'sluis token'."})
public final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, description = "Your participant id (a slug such as hospital-a), as agreed with the operator.")
    String id;

    @Option(names = "--type", defaultValue = "EC", description = "EC (P-256, signs ES256) or RSA (3072 bits, signs RS256); default ${DEFAULT-VALUE}.")
    String type;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Where to write <id>.key.pem and <id>.csr.pem (default: current directory).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!ParticipantSubject.isParticipantId(id)) {
            spec.commandLine().getErr().println("--id: expected a slug of lowercase letters, digits and hyphens, found '" + id + "'");
            return 2;
        }
        KeyPair key;
        try {
            key = CsrBuilder.generateKey(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("--type: " + e.getMessage());
            return 2;
        }
        Path keyFile = out.resolve(id + ".key.pem");
        Path csrFile = out.resolve(id + ".csr.pem");
        Files.createDirectories(out);
        Files.writeString(keyFile, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(keyFile, CsrBuilder.privateKeyPem(key.getPrivate(), null), StandardCharsets.US_ASCII);
        Files.writeString(csrFile, CsrBuilder.csr(key, id), StandardCharsets.US_ASCII);
        spec.commandLine().getOut().println("key: " + keyFile + " (keep it; it never leaves your machine)\nCSR: " + csrFile
                + " (send it to the exchange operator)");
        return 0;
    }
}
