package org.sluis.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.net.Cidr;
import org.sluis.policy.opa.OpaConfig;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("sluis.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Nested
    class Load {
        @Test
        void nothingSet_givesTheDocumentedDefaults() {
            Config c = ConfigLoader.load(Optional.empty(), Map.of());
            assertEquals(8080, c.httpPort());
            assertEquals(Path.of("./data"), c.dataDir());
            assertTrue(c.externalDatabase().isEmpty(), "no URL means embedded PostgreSQL");
            assertEquals(URI.create("http://localhost:8080"), c.publicUrl(8080));
            assertTrue(c.allowNetworks().isEmpty());
            assertTrue(c.opa().isEmpty(), "no OPA unless configured");
        }

        @Test
        void opaUrl_asksThatServer_atTheDefaultPathAndTimeout_unlessSet() {
            Config c = ConfigLoader.load(Optional.empty(), Map.of("SLUIS_OPA_URL", "http://opa.internal:8181"));
            assertEquals(new OpaConfig(URI.create("http://opa.internal:8181"), "sluis/baseline/result", Duration.ofMillis(500)),
                    c.opa().orElseThrow());
            Config tuned = ConfigLoader.load(Optional.empty(), Map.of("SLUIS_OPA_URL", "https://opa.internal",
                    "SLUIS_OPA_PATH", "site/access", "SLUIS_OPA_TIMEOUT_MILLIS", "150"));
            assertEquals("site/access", tuned.opa().orElseThrow().path());
            assertEquals(Duration.ofMillis(150), tuned.opa().orElseThrow().timeout());
        }

        @Test
        void fileValues_areRead() throws Exception {
            Config c = ConfigLoader.load(Optional.of(file("""
                    http:
                      port: 9090
                    dataDir: /var/lib/sluis
                    db:
                      url: jdbc:postgresql://db:5432/sluis
                      user: sluis
                    allowNetworks: [10.0.0.0/8, "::1"]
                    """)), Map.of());
            assertEquals(9090, c.httpPort());
            assertEquals(Path.of("/var/lib/sluis"), c.dataDir());
            assertEquals("jdbc:postgresql://db:5432/sluis", c.externalDatabase().orElseThrow().url());
            assertEquals(2, c.allowNetworks().size());
        }

        @Test
        void environment_overridesTheFile() throws Exception {
            Config c = ConfigLoader.load(Optional.of(file("http:\n  port: 9090\ndataDir: /from/file\n")),
                    Map.of("SLUIS_HTTP_PORT", "7070", "SLUIS_PUBLIC_URL", "https://sluis.example.org"));
            assertEquals(7070, c.httpPort());
            assertEquals(Path.of("/from/file"), c.dataDir(), "keys the environment does not set keep the file's value");
            assertEquals(URI.create("https://sluis.example.org"), c.publicUrl(7070));
        }

        @Test
        void dottedKeys_areAcceptedInTheFileToo() throws Exception {
            Config c = ConfigLoader.load(Optional.of(file("http.maxBodyBytes: 2048\n")), Map.of());
            assertEquals(2048, c.maxBodyBytes());
        }

        @Test
        void testSuiteVariables_areNotSettings() {
            ConfigLoader.load(Optional.empty(), Map.of("SLUIS_TEST_DB_URL", "jdbc:postgresql://x/y", "PATH", "/bin"));
        }

        @Test
        void secrets_neverAppearInToString() {
            String token = "ca-password-0123456789abcdef";
            Config c = ConfigLoader.load(Optional.empty(), Map.of("SLUIS_DB_URL", "jdbc:postgresql://db/sluis",
                    "SLUIS_DB_PASSWORD", "s3cr3t-value", "SLUIS_CA_PASSWORD", token));
            assertEquals(token, c.caPassword().orElseThrow());
            assertFalse(c.toString().contains("s3cr3t-value"), c.toString());
            assertFalse(c.toString().contains(token), c.toString());
        }
    }

    @Nested
    class Refuse {
        @Test
        void anUnknownFileKey_namingIt() throws Exception {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.of(file("http:\n  prot: 9090\n")), Map.of()));
            assertTrue(e.getMessage().contains("'http.prot'"), e.getMessage());
        }

        @Test
        void anUnknownEnvironmentVariable_namingIt() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_DB_ULR", "jdbc:postgresql://db/x")));
            assertTrue(e.getMessage().contains("SLUIS_DB_ULR"), e.getMessage());
        }

        @Test
        void anInvalidValue_namingTheKeyAndWhereItCameFrom() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_HTTP_PORT", "eighty")));
            assertTrue(e.getMessage().contains("http.port"), e.getMessage());
            assertTrue(e.getMessage().contains("SLUIS_HTTP_PORT"), e.getMessage());
            assertTrue(e.getMessage().contains("eighty"), e.getMessage());
        }

        @Test
        void anOpaSettingThatCannotWork_namingIt() {
            ConfigException url = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_OPA_URL", "opa.internal:8181")));
            assertTrue(url.getMessage().contains("opa.url"), url.getMessage());
            ConfigException path = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_OPA_URL", "http://opa", "SLUIS_OPA_PATH", "../v1/policies")));
            assertTrue(path.getMessage().contains("opa.path"), path.getMessage());
            ConfigException timeout = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_OPA_TIMEOUT_MILLIS", "0")));
            assertTrue(timeout.getMessage().contains("opa.timeoutMillis"), timeout.getMessage());
        }

        @Test
        void aPortOutOfRange() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_HTTP_PORT", "70000")));
            assertTrue(e.getMessage().contains("http.port"), e.getMessage());
        }

        @Test
        void aNonPostgresDatabaseUrl() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_DB_URL", "jdbc:mysql://db/x")));
            assertTrue(e.getMessage().contains("db.url"), e.getMessage());
        }

        @Test
        void aMalformedNetwork() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_ALLOW_NETWORKS", "10.0.0.0/8,internal.example")));
            assertTrue(e.getMessage().contains("allowNetworks"), e.getMessage());
            assertTrue(e.getMessage().contains("internal.example"), e.getMessage());
        }

        @Test
        void aFileThatIsNotYaml() throws Exception {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.of(file("http: [unclosed\n")), Map.of()));
            assertTrue(e.getMessage().contains("sluis.yaml"), e.getMessage());
        }

        @Test
        void aShortCaPassword() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_CA_PASSWORD", "letmein")));
            assertTrue(e.getMessage().contains("ca.password"), e.getMessage());
            assertFalse(e.getMessage().contains("letmein"), "the rejected secret is not echoed: " + e.getMessage());
        }

        @Test
        void aTrustedCaFileThatCannotBeRead() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of("SLUIS_TRUSTED_CAS", "/no/such/ca.pem")));
            assertTrue(e.getMessage().contains("trustedCas") && e.getMessage().contains("/no/such/ca.pem"), e.getMessage());
        }

        @Test
        void anOperatorCaGivenTwoWays_orHalfAPemPair() throws Exception {
            Path p12 = Files.createFile(dir.resolve("ca.p12"));
            Path key = Files.createFile(dir.resolve("ca.key.pem"));
            ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("SLUIS_CA_KEY_STORE", p12.toString(), "SLUIS_CA_KEY_PEM", key.toString())));
            assertTrue(both.getMessage().contains("ca.keyStore"), both.getMessage());
            ConfigException half = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("SLUIS_CA_KEY_PEM", key.toString())));
            assertTrue(half.getMessage().contains("ca.certPem"), half.getMessage());
            assertEquals(new Config.CaSource.KeyStore(p12),
                    ConfigLoader.load(Optional.empty(), Map.of("SLUIS_CA_KEY_STORE", p12.toString())).caSource());
        }

        @Test
        void everyProblemAtOnce() {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
                    Map.of("SLUIS_HTTP_PORT", "x", "SLUIS_DB_POOL_SIZE", "0")));
            assertEquals(2, e.problems().size(), e.getMessage());
        }
    }

    @Nested
    class Networks {
        @Test
        void contains_addressesInsideThePrefix() throws Exception {
            Cidr net = Cidr.parse("10.1.0.0/16");
            assertTrue(net.contains(InetAddress.getByName("10.1.200.3")));
            assertFalse(net.contains(InetAddress.getByName("10.2.0.1")));
            assertFalse(net.contains(InetAddress.getByName("::1")), "never across address families");
        }

        @Test
        void parse_refusesHostBitsAndHostNames() {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.1.0.1/16"));
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        }
    }
}
