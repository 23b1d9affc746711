package org.sluis.core.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On first start, makes participant {@code operator} (roles OPERATOR and AUDITOR) the way any
 * participant is made, from a key and a CSR, and leaves its key ({@code operator.key.pem}, PKCS#8)
 * and certificate chain ({@code operator.cert.pem}) in the data directory, mode 0600, for the CLI.
 *
 * <p>The key is written before the registration and the certificate after it; a start that finds
 * the participant but not the certificate file writes it again from the registry.
 */
public final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    /** The bootstrap operator's participant id. */
    public static final String OPERATOR = "operator";
    /** Its key file in the data directory. */
    public static final String KEY_FILE = "operator.key.pem";
    /** Its certificate chain file in the data directory. */
    public static final String CERT_FILE = "operator.cert.pem";

    private Bootstrap() {
    }

    /** Ensures the operator participant and its files exist. Blocking. */
    public static void ensureOperator(ParticipantRegistry registry, ExchangeCa ca, Path dataDir) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        Path certFile = dataDir.resolve(CERT_FILE);
        try {
            var existing = registry.find(OPERATOR);
            if (existing.isPresent()) {
                if (!Files.exists(certFile) && Files.exists(keyFile)) {
                    writeOwnerOnly(certFile, existing.get().certificatePem() + chainPem(ca));
                }
                return;
            }
            KeyPair key = CsrBuilder.generateKey("EC");
            Files.deleteIfExists(keyFile);
            writeOwnerOnly(keyFile, CsrBuilder.privateKeyPem(key.getPrivate(), null));
            var outcome = registry.register(new Registration(OPERATOR, "Sluis exchange operator", "0", "NL",
                    EnumSet.of(Role.OPERATOR, Role.AUDITOR), Set.of(), CsrBuilder.csr(key, OPERATOR)), "system", null);
            if (!(outcome instanceof ParticipantRegistry.Registered.Created created)) {
                throw new IllegalStateException("participant 'operator' appeared while it was being created");
            }
            Files.deleteIfExists(certFile);
            writeOwnerOnly(certFile, String.join("", created.certificate().chainPem())); // its certificate, then the CA chain
            LOG.info("created participant 'operator' (OPERATOR, AUDITOR); its key and certificate are {} and {}",
                    keyFile.toAbsolutePath().normalize(), certFile.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator's key or certificate in " + dataDir, e);
        }
    }

    private static String chainPem(ExchangeCa ca) {
        StringBuilder pem = new StringBuilder();
        ca.chain().forEach(c -> pem.append(Pem.write(c)));
        return pem.toString();
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
