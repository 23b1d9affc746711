package org.sluis.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sluis.connectors.net.Cidr;
import org.sluis.policy.opa.OpaConfig;

/**
 * The exchange's configuration, frozen once loaded. Built by {@link ConfigLoader} from defaults,
 * an optional file and {@code SLUIS_*} environment variables; see {@link Setting} for each key.
 *
 * @param httpHost address the gateway binds to
 * @param httpPort gateway port, 0 for a free one
 * @param maxBodyBytes largest accepted request body
 * @param maxJsonDepth deepest accepted JSON nesting
 * @param shutdownGrace time in-flight requests get on shutdown
 * @param dataDir data directory (embedded PostgreSQL, keys)
 * @param publicUrl public base URL; empty means {@code http://localhost:{port}}
 * @param allowNetworks internal networks sources and sinks may reach anyway
 * @param externalDatabase the external PostgreSQL; empty means embedded
 * @param dbPoolSize connections in the pool and threads in the database worker pool
 * @param checkpointEvery cadence of signed ledger checkpoints while the log grows
 * @param caPassword password of the exchange CA's key store; empty means generated in the data directory
 * @param trustedCas PEM files of further trusted CAs
 * @param caSource where the exchange CA comes from
 * @param opa the Open Policy Agent server asked after the exchange's own decisions; empty means none
 * @param filesRoot the directory file sources are read from
 * @param maxTransfers transfers streaming at once on this instance
 */
public record Config(
        String httpHost,
        int httpPort,
        long maxBodyBytes,
        int maxJsonDepth,
        Duration shutdownGrace,
        Path dataDir,
        Optional<URI> publicUrl,
        List<Cidr> allowNetworks,
        Optional<ExternalDatabase> externalDatabase,
        int dbPoolSize,
        Duration checkpointEvery,
        Optional<String> caPassword,
        List<Path> trustedCas,
        CaSource caSource,
        Optional<OpaConfig> opa,
        Path filesRoot,
        int maxTransfers) {

    /** Checks the invariants the loader already enforces, so hand-built configs hold them too. */
    public Config {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(externalDatabase, "externalDatabase");
        Objects.requireNonNull(checkpointEvery, "checkpointEvery");
        Objects.requireNonNull(caPassword, "caPassword");
        trustedCas = List.copyOf(trustedCas);
        Objects.requireNonNull(caSource, "caSource");
        Objects.requireNonNull(opa, "opa");
        Objects.requireNonNull(filesRoot, "filesRoot");
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be positive, found " + maxTransfers);
        }
        allowNetworks = List.copyOf(allowNetworks);
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort must be 0..65535, found " + httpPort);
        }
        if (maxBodyBytes < 1 || maxJsonDepth < 1 || dbPoolSize < 1) {
            throw new IllegalArgumentException("maxBodyBytes, maxJsonDepth and dbPoolSize must be positive");
        }
    }

    /** The public base URL, falling back to {@code http://localhost:{port}} with the port actually bound. */
    public URI publicUrl(int boundPort) {
        return publicUrl.orElseGet(() -> URI.create("http://localhost:" + boundPort));
    }

    /** The defaults of every setting, with {@code dataDir} and the database given; tests start from this. */
    public static Config defaults(Path dataDir, Optional<ExternalDatabase> externalDatabase) {
        return new Config("127.0.0.1", 0, 1 << 20, 32, Duration.ofSeconds(30), dataDir, Optional.empty(), List.of(),
                externalDatabase, 10, Duration.ofSeconds(10), Optional.empty(), List.of(), new CaSource.Own(), Optional.empty(), dataDir.resolve("files"), 32);
    }

    /** A copy with another port; tests use port 0 for a free one. */
    public Config withHttpPort(int port) {
        return new Config(httpHost, port, maxBodyBytes, maxJsonDepth, shutdownGrace, dataDir, publicUrl,
                allowNetworks, externalDatabase, dbPoolSize, checkpointEvery, caPassword, trustedCas, caSource, opa, filesRoot, maxTransfers);
    }

    /** A copy with a fixed public base URL. */
    public Config withPublicUrl(URI url) {
        return new Config(httpHost, httpPort, maxBodyBytes, maxJsonDepth, shutdownGrace, dataDir, Optional.of(url),
                allowNetworks, externalDatabase, dbPoolSize, checkpointEvery, caPassword, trustedCas, caSource, opa, filesRoot, maxTransfers);
    }

    /** A copy with other body and JSON limits. */
    public Config withLimits(long maxBodyBytes, int maxJsonDepth) {
        return new Config(httpHost, httpPort, maxBodyBytes, maxJsonDepth, shutdownGrace, dataDir, publicUrl,
                allowNetworks, externalDatabase, dbPoolSize, checkpointEvery, caPassword, trustedCas, caSource, opa, filesRoot, maxTransfers);
    }

    /** A copy whose sources and sinks may reach {@code networks} (tests reach their loopback servers this way). */
    public Config withAllowNetworks(List<Cidr> networks) {
        return new Config(httpHost, httpPort, maxBodyBytes, maxJsonDepth, shutdownGrace, dataDir, publicUrl,
                networks, externalDatabase, dbPoolSize, checkpointEvery, caPassword, trustedCas, caSource, opa, filesRoot, maxTransfers);
    }

    /** A copy that asks {@code opa} after every permit. */
    public Config withOpa(OpaConfig opa) {
        return new Config(httpHost, httpPort, maxBodyBytes, maxJsonDepth, shutdownGrace, dataDir, publicUrl,
                allowNetworks, externalDatabase, dbPoolSize, checkpointEvery, caPassword, trustedCas, caSource, Optional.of(opa), filesRoot, maxTransfers);
    }

    /** A copy with another shutdown grace period and pool size. */
    public Config withShutdown(Duration grace, int poolSize) {
        return new Config(httpHost, httpPort, maxBodyBytes, maxJsonDepth, grace, dataDir, publicUrl,
                allowNetworks, externalDatabase, poolSize, checkpointEvery, caPassword, trustedCas, caSource, opa, filesRoot, maxTransfers);
    }


    /** Every setting, with the secrets masked. */
    @Override
    public String toString() {
        return "Config[httpHost=" + httpHost + ", httpPort=" + httpPort + ", maxBodyBytes=" + maxBodyBytes
                + ", maxJsonDepth=" + maxJsonDepth + ", shutdownGrace=" + shutdownGrace + ", dataDir=" + dataDir
                + ", publicUrl=" + publicUrl + ", allowNetworks=" + allowNetworks + ", externalDatabase=" + externalDatabase
                + ", dbPoolSize=" + dbPoolSize + ", checkpointEvery=" + checkpointEvery
                + ", caPassword=" + (caPassword.isPresent() ? "***" : "generated") + ", trustedCas=" + trustedCas
                + ", caSource=" + caSource + ", opa=" + opa + ", filesRoot=" + filesRoot + ", maxTransfers=" + maxTransfers + "]";
    }

    /** Where the exchange CA comes from: its own (created on first start), or one the operator supplies. */
    public sealed interface CaSource {
        /** The exchange's own CA in {@code dataDir/ca/ca.p12}, created on first start. */
        record Own() implements CaSource {
        }

        /** An operator-supplied CA as a PKCS#12 file, opened with {@code ca.password}. */
        record KeyStore(Path file) implements CaSource {
        }

        /** An operator-supplied CA as PEM files: a PKCS#8 key (encrypted with {@code ca.password}, or not) and its certificate. */
        record Pem(Path key, Path certificate) implements CaSource {
        }
    }

    /** An external PostgreSQL reached by JDBC. The password never appears in {@link #toString()}. */
    public record ExternalDatabase(String url, String user, String password) {
        /** Requires a PostgreSQL JDBC URL. */
        public ExternalDatabase {
            if (url == null || !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("expected a jdbc:postgresql: URL, found '" + url + "'");
            }
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        @Override
        public String toString() {
            return "ExternalDatabase[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }
}
