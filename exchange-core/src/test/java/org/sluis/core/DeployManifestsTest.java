package org.sluis.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.config.Config;
import org.sluis.core.config.ConfigLoader;
import org.sluis.core.config.Setting;
import org.sluis.core.store.TestDatabase;

/**
 * The artefacts in {@code deploy/} stay in step with the code: every YAML file parses, the
 * kustomizations name files that exist, every {@code SLUIS_*} variable they mention is a setting,
 * the configurations they pass load, the probes and the image's health check ask routes that
 * answer on a running exchange, the pods' Prometheus annotations ask the metrics route while nginx
 * keeps it from the outside, and the keys Secret carries every key file the exchange makes.
 * What needs Docker or a cluster (building the image, {@code compose up}, {@code kubectl apply})
 * cannot run here; this checks what can be checked without them.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\bSLUIS_[A-Z0-9_]+");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dataDir;
    private static TestDatabase db;
    private static Exchange exchange;

    /** One exchange as the deployments run it: external PostgreSQL, its own CA, keys made on first start. */
    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        exchange = Exchange.start(db.config(dataDir));
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path dir, String... suffixes) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> suffixes.length == 0 || Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s)))
                    .sorted().toList();
        }
    }

    /** The deployment's container, the one that runs the exchange. */
    private static JsonNode container() {
        JsonNode containers = yaml(KUBERNETES.resolve("deployment.yaml")).at("/spec/template/spec/containers");
        assertEquals(1, containers.size(), "deployment.yaml: expected one container, the exchange");
        return containers.get(0);
    }

    /** The Dockerfile's instructions, with continuation lines joined. */
    private static List<String> dockerfile() throws IOException {
        return List.of(Files.readString(DEPLOY.resolve("Dockerfile")).replace("\\\n", " ").split("\n"));
    }

    /** The HEALTHCHECK's command, as the JSON array after {@code CMD}. */
    private static List<String> healthCheckCommand() throws IOException {
        String line = dockerfile().stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst()
                .orElseThrow(() -> new AssertionError("deploy/Dockerfile has no HEALTHCHECK"));
        List<String> command = new ArrayList<>();
        JSON.readTree(line.substring(line.indexOf(" CMD ") + 5)).forEach(arg -> command.add(arg.asText()));
        return command;
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exchange.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Nested
    class Manifests {
        @Test
        void everyYamlFile_parsesAsYaml() throws Exception {
            List<Path> yamls = files(DEPLOY, ".yaml", ".yml");
            for (Path file : yamls) {
                List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll();
                assertFalse(documents.isEmpty(), file + " holds no YAML document");
                documents.forEach(d -> assertTrue(d.isObject(), file + ": expected a mapping at the top, found " + d.getNodeType()));
            }
            assertTrue(yamls.contains(DEPLOY.resolve("compose.yaml")) && yamls.contains(KUBERNETES.resolve("kustomization.yaml")),
                    "the walk found " + yamls);
        }

        @Test
        void theKustomizeBase_namesFilesThatExist_andEveryManifestBesideIt() throws Exception {
            JsonNode kustomization = yaml(KUBERNETES.resolve("kustomization.yaml"));
            Set<String> named = new TreeSet<>();
            kustomization.path("resources").forEach(r -> named.add(r.asText()));
            kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> named.add(f.asText())));
            for (String name : named) {
                assertTrue(Files.isRegularFile(KUBERNETES.resolve(name)), "kustomization.yaml names " + name + ", which does not exist");
            }
            try (Stream<Path> beside = Files.list(KUBERNETES)) {
                Set<String> yamls = new TreeSet<>(beside.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
                assertEquals(yamls, named, "every manifest in deploy/kubernetes is in the base, and only those");
            }
        }

        @Test
        void theSecretsKustomization_readsOnlyTheGitIgnoredBootstrapDirectory() throws Exception {
            JsonNode secrets = yaml(KUBERNETES.resolve("secrets/kustomization.yaml"));
            assertFalse(secrets.path("secretGenerator").isEmpty());
            secrets.path("secretGenerator").forEach(g -> g.path("files").forEach(f -> {
                String source = f.asText().substring(f.asText().indexOf('=') + 1);
                assertTrue(source.startsWith("bootstrap/"), "secrets/kustomization.yaml reads " + source + " outside bootstrap/");
            }));
            assertTrue(Files.readAllLines(DEPLOY.resolve(".gitignore")).contains("kubernetes/secrets/bootstrap/"),
                    "deploy/.gitignore must keep the bootstrap keys out of git");
        }
    }

    @Nested
    class Settings {
        @Test
        void everySluisVariable_inTheDeployFiles_isASetting() throws Exception {
            Map<String, Set<String>> unknown = new TreeMap<>();
            Set<String> seen = new TreeSet<>();
            for (Path file : files(DEPLOY)) {
                Matcher m = VARIABLE.matcher(Files.readString(file));
                while (m.find()) {
                    seen.add(m.group());
                    if (Setting.byEnv(m.group()).isEmpty()) {
                        unknown.computeIfAbsent(file.toString(), f -> new TreeSet<>()).add(m.group());
                    }
                }
            }
            assertEquals(Map.of(), unknown, "variables the exchange does not read (it refuses unknown SLUIS_* variables at start)");
            assertTrue(seen.containsAll(Set.of("SLUIS_DB_URL", "SLUIS_CA_PASSWORD", "SLUIS_DATA_DIR")), "found only " + seen);
        }

        @Test
        void theKubernetesConfiguration_loads() {
            Config config = ConfigLoader.load(Optional.of(KUBERNETES.resolve("sluis.yaml")), Map.of());
            assertTrue(config.publicUrl().isPresent(), "all instances need the same publicUrl");
        }

        @Test
        void theComposeInstances_loadTheExampleWithTheirEnvironment() {
            JsonNode services = yaml(DEPLOY.resolve("compose.yaml")).path("services");
            int instances = 0;
            for (Map.Entry<String, JsonNode> service : services.properties()) {
                JsonNode command = service.getValue().path("command");
                if (!command.path(0).asText().equals("serve")) {
                    continue;
                }
                instances++;
                Map<String, String> env = new TreeMap<>();
                service.getValue().path("environment").properties().forEach(e -> {
                    if (!e.getValue().asText().contains("${")) { // compose fills these from deploy/.env
                        env.put(e.getKey(), e.getValue().asText());
                    }
                });
                assertEquals("/etc/sluis/sluis.yaml", command.path(2).asText());
                assertTrue(service.getValue().path("volumes").toString().contains("./sluis.example.yaml:/etc/sluis/sluis.yaml"),
                        service.getKey() + " mounts the example configuration it is started with");
                Config config = ConfigLoader.load(Optional.of(DEPLOY.resolve("sluis.example.yaml")), env);
                assertTrue(config.externalDatabase().isPresent() && config.opa().isPresent(), service.getKey() + ": " + config);
            }
            assertEquals(2, instances, "compose.yaml runs two instances");
        }

        @Test
        void theImageAndTheSystemdUnit_setOnlyValuesThatLoad() throws Exception {
            Map<String, String> image = new TreeMap<>();
            for (String line : dockerfile()) {
                if (line.startsWith("ENV ")) {
                    String[] pair = line.substring(4).strip().split("=", 2);
                    image.put(pair[0], pair[1]);
                }
            }
            assertEquals(image.get("SLUIS_DATA_DIR"), ConfigLoader.load(Optional.empty(), image).dataDir().toString());
            assertTrue(dockerfile().contains("VOLUME " + image.get("SLUIS_DATA_DIR")), "the data directory is the image's volume");

            Map<String, String> unit = new TreeMap<>();
            for (String line : Files.readAllLines(DEPLOY.resolve("systemd/sluis.service"))) {
                if (line.startsWith("Environment=")) {
                    String[] pair = line.substring("Environment=".length()).split("=", 2);
                    unit.put(pair[0], pair[1]);
                }
            }
            assertEquals(Path.of("/var/lib/sluis"), ConfigLoader.load(Optional.empty(), unit).dataDir(),
                    "the unit's data directory is its StateDirectory");
        }

        @Test
        void thePods_getNoSluisVariablesFromKubernetesServiceLinks() {
            // With service links on, the Services sluis and sluis-db-rw put SLUIS_SERVICE_HOST,
            // SLUIS_DB_RW_PORT, ... into every pod, and the exchange stops at start on unknown SLUIS_* variables.
            JsonNode pod = yaml(KUBERNETES.resolve("deployment.yaml")).at("/spec/template/spec");
            assertTrue(pod.path("enableServiceLinks").isBoolean() && !pod.path("enableServiceLinks").asBoolean(),
                    "deployment.yaml must set enableServiceLinks: false");
        }
    }

    @Nested
    class Ports {
        @Test
        void theContainerPort_isThePortTheConfigurationListensOn() {
            int configured = ConfigLoader.load(Optional.of(KUBERNETES.resolve("sluis.yaml")), Map.of()).httpPort();
            JsonNode ports = container().path("ports");
            assertEquals("http", ports.path(0).path("name").asText());
            assertEquals(configured, ports.path(0).path("containerPort").asInt());
        }

        @Test
        void nginx_balancesOverExactlyTheComposeInstances_onTheirPort() throws Exception {
            int port = ConfigLoader.load(Optional.of(DEPLOY.resolve("sluis.example.yaml")), Map.of()).httpPort();
            Set<String> upstream = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)").matcher(Files.readString(DEPLOY.resolve("nginx.conf")));
            while (m.find()) {
                upstream.add(m.group(1));
                assertEquals(port, Integer.parseInt(m.group(2)), "nginx.conf: " + m.group());
            }
            Set<String> instances = new TreeSet<>();
            yaml(DEPLOY.resolve("compose.yaml")).path("services").properties().forEach(s -> {
                if (s.getValue().path("command").path(0).asText().equals("serve")) {
                    instances.add(s.getKey());
                }
            });
            assertEquals(instances, upstream);
        }
    }

    @Nested
    class Health {
        @Test
        void everyProbe_asksARouteThatAnswers200() throws Exception {
            Set<String> paths = new LinkedHashSet<>();
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = container().path(probe).path("httpGet");
                assertEquals("http", get.path("port").asText(), probe + " asks the exchange's port");
                paths.add(get.path("path").asText());
            }
            assertEquals("/health/ready", container().at("/readinessProbe/httpGet/path").asText(),
                    "readiness follows the database");
            assertEquals("/health/live", container().at("/livenessProbe/httpGet/path").asText(),
                    "liveness must not follow the database, or an outage restarts every pod");
            for (String path : paths) {
                assertEquals(200, status(path), path);
            }
            assertEquals(404, status("/health/nonexistent"), "a path that is no route does not pass");
        }

        @Test
        void theImageHealthCheck_asksTheReadinessRoute() throws Exception {
            Matcher m = Pattern.compile("GET (\\S+) HTTP").matcher(String.join(" ", healthCheckCommand()));
            assertTrue(m.find(), "HEALTHCHECK sends no GET: " + healthCheckCommand());
            assertEquals("/health/ready", m.group(1));
            assertEquals(200, status(m.group(1)));
        }

        @Test
        void theImageHealthCheck_passesOnAReadyExchange_andFailsWhereNothingListens() throws Exception {
            assertEquals(0, runHealthCheck(exchange.port()));
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            assertNotEquals(0, runHealthCheck(closed));
        }

        private int runHealthCheck(int port) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(healthCheckCommand()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put(Setting.HTTP_PORT.env(), String.valueOf(port));
            Process p = pb.start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the health check did not finish in 10 s");
            return p.exitValue();
        }
    }

    @Nested
    class Metrics {
        @Test
        void thePrometheusAnnotations_pointAtTheMetricsRoute_onTheContainerPort() throws Exception {
            JsonNode annotations = yaml(KUBERNETES.resolve("deployment.yaml")).at("/spec/template/metadata/annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText());
            assertEquals(container().at("/ports/0/containerPort").asInt(), Integer.parseInt(annotations.path("prometheus.io/port").asText()));
            String path = annotations.path("prometheus.io/path").asText();
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exchange.port() + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, r.statusCode(), path);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        }

        @Test
        void nginx_keepsTheMetricsFromTheOutside() throws Exception {
            assertTrue(Pattern.compile("location = /metrics \\{\\s*deny all;\\s*}").matcher(Files.readString(DEPLOY.resolve("nginx.conf"))).find(),
                    "nginx.conf passes /metrics on to the outside");
        }
    }

    @Nested
    class Keys {
        @Test
        void theKeysSecret_carriesEveryFileTheExchangeMakesInKeys() throws Exception {
            Set<String> made = new TreeSet<>();
            try (Stream<Path> keys = Files.list(dataDir.resolve("keys"))) {
                keys.forEach(k -> made.add("bootstrap/keys/" + k.getFileName()));
            }
            Set<String> carried = new TreeSet<>();
            for (JsonNode generator : yaml(KUBERNETES.resolve("secrets/kustomization.yaml")).path("secretGenerator")) {
                for (JsonNode f : generator.path("files")) {
                    String source = f.asText().substring(f.asText().indexOf('=') + 1);
                    assertTrue(Files.isRegularFile(dataDir.resolve(source.substring("bootstrap/".length()))),
                            "the bootstrap run makes no " + source);
                    if (generator.path("name").asText().equals("sluis-keys")) {
                        carried.add(source);
                    }
                }
            }
            assertEquals(made, carried);
        }

        @Test
        void thePods_mountTheKeysSecretAtTheirDataDirectory_andTheCaWhereTheyLookForIt() {
            Path podDataDir = ConfigLoader.load(Optional.of(KUBERNETES.resolve("sluis.yaml")), Map.of()).dataDir();
            JsonNode volumes = yaml(KUBERNETES.resolve("deployment.yaml")).at("/spec/template/spec/volumes");
            Map<String, String> mounts = new TreeMap<>();
            container().path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
            Map<String, String> secretVolumes = new TreeMap<>();
            volumes.forEach(v -> {
                if (v.has("secret")) {
                    secretVolumes.put(v.at("/secret/secretName").asText(), v.path("name").asText());
                }
            });
            assertEquals(podDataDir.resolve("keys").toString(), mounts.get(secretVolumes.get("sluis-keys")));
            String caKeyStore = "";
            for (JsonNode e : container().path("env")) {
                if (e.path("name").asText().equals(Setting.CA_KEY_STORE.env())) {
                    caKeyStore = e.path("value").asText();
                }
            }
            assertEquals(mounts.get(secretVolumes.get("sluis-ca")) + "/ca.p12", caKeyStore);
        }
    }
}
