package org.sluis.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sluis.connectors.net.Cidr;
import org.sluis.policy.opa.OpaConfig;

/**
 * Loads the configuration: defaults, then the YAML file, then {@code SLUIS_*} environment
 * variables, each overriding the one before. Unknown keys and invalid values fail the load with
 * every problem listed, each naming its key and its source.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern OPA_PATH = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*");

    private ConfigLoader() {
    }

    /** Loads from an optional YAML file and the given environment. */
    public static Config load(Optional<Path> file, Map<String, String> env) {
        Map<Setting, Value> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, new Value(s.defaultValue(), "default"));
        }
        List<String> problems = new ArrayList<>();
        file.ifPresent(f -> readFile(f, values, problems));
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(Setting.ENV_PREFIX) || name.startsWith(Setting.TEST_ENV_PREFIX)) {
                return;
            }
            Setting.byEnv(name).ifPresentOrElse(
                    s -> values.put(s, new Value(value, "environment variable " + name)),
                    () -> problems.add("unknown environment variable " + name + " (known: " + knownEnv() + ")"));
        });
        Config config = build(new Values(values, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static void readFile(Path file, Map<Setting, Value> values, List<String> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            problems.add("cannot parse " + file + ": " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problems.add("cannot read " + file + ": " + e);
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add(file + ": expected a mapping of keys to values at the top level, found " + root.getNodeType());
            return;
        }
        flatten("", root, file, values, problems);
    }

    private static void flatten(String prefix, JsonNode node, Path file, Map<Setting, Value> values, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            Optional<Setting> setting = Setting.byKey(key);
            if (setting.isEmpty() && value.isObject()) {
                flatten(key + ".", value, file, values, problems);
            } else if (setting.isEmpty()) {
                problems.add("unknown key '" + key + "' in " + file + " (known: " + knownKeys() + ")");
            } else if (value.isObject()) {
                problems.add(key + ": expected a single value in " + file + ", found a mapping");
            } else {
                values.put(setting.get(), new Value(scalar(value), "key " + key + " in " + file));
            }
        }
    }

    private static String scalar(JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    private static Config build(Values v) {
        String publicUrl = v.text(Setting.PUBLIC_URL);
        String dbUrl = v.text(Setting.DB_URL);
        return new Config(
                v.text(Setting.HTTP_HOST),
                (int) v.number(Setting.HTTP_PORT, 0, 65535),
                v.number(Setting.HTTP_MAX_BODY_BYTES, 1, Integer.MAX_VALUE),
                (int) v.number(Setting.HTTP_MAX_JSON_DEPTH, 1, 1000),
                Duration.ofSeconds(v.number(Setting.SHUTDOWN_GRACE_SECONDS, 0, 3600)),
                dataDir(v),
                publicUrl.isBlank() ? Optional.empty() : v.parse(Setting.PUBLIC_URL, ConfigLoader::httpUrl),
                v.list(Setting.ALLOW_NETWORKS),
                dbUrl.isBlank() ? Optional.empty() : v.parse(Setting.DB_URL, url ->
                        new Config.ExternalDatabase(url, v.text(Setting.DB_USER), v.text(Setting.DB_PASSWORD))),
                (int) v.number(Setting.DB_POOL_SIZE, 1, 1000),
                Duration.ofSeconds(v.number(Setting.LEDGER_CHECKPOINT_SECONDS, 1, 86_400)),
                v.text(Setting.CA_PASSWORD).isBlank() ? Optional.empty() : v.parse(Setting.CA_PASSWORD, ConfigLoader::secret),
                v.paths(Setting.TRUSTED_CAS),
                caSource(v),
                opa(v),
                v.text(Setting.FILES_ROOT).isBlank() ? dataDir(v).resolve("files") : Path.of(v.text(Setting.FILES_ROOT)),
                (int) v.number(Setting.TRANSFERS_MAX_CONCURRENT, 1, 10_000));
    }

    private static Path dataDir(Values v) {
        return Path.of(v.text(Setting.DATA_DIR).isBlank() ? "." : v.text(Setting.DATA_DIR));
    }

    private static Optional<OpaConfig> opa(Values v) {
        long timeout = v.number(Setting.OPA_TIMEOUT_MILLIS, 1, 60_000);
        String path = v.text(Setting.OPA_PATH);
        if (!OPA_PATH.matcher(path).matches()) {
            v.problems().add(Setting.OPA_PATH.key() + ": expected a document path such as sluis/baseline/result, found '" + path + "'");
            return Optional.empty();
        }
        if (v.text(Setting.OPA_URL).isBlank()) {
            return Optional.empty();
        }
        return v.parse(Setting.OPA_URL, ConfigLoader::httpUrl).map(url -> new OpaConfig(url, path, Duration.ofMillis(timeout)));
    }

    private static Config.CaSource caSource(Values v) {
        String store = v.text(Setting.CA_KEY_STORE);
        String key = v.text(Setting.CA_KEY_PEM);
        String cert = v.text(Setting.CA_CERT_PEM);
        if (!store.isBlank() && !(key.isBlank() && cert.isBlank())) {
            v.problems().add(Setting.CA_KEY_STORE.key() + ": set either ca.keyStore or ca.keyPem with ca.certPem, not both");
        } else if (!store.isBlank()) {
            return v.paths(Setting.CA_KEY_STORE).stream().findFirst().<Config.CaSource>map(Config.CaSource.KeyStore::new)
                    .orElse(new Config.CaSource.Own());
        } else if (key.isBlank() != cert.isBlank()) {
            v.problems().add((key.isBlank() ? Setting.CA_KEY_PEM : Setting.CA_CERT_PEM).key()
                    + ": ca.keyPem and ca.certPem go together; only one is set");
        } else if (!key.isBlank()) {
            List<Path> k = v.paths(Setting.CA_KEY_PEM);
            List<Path> c = v.paths(Setting.CA_CERT_PEM);
            if (!k.isEmpty() && !c.isEmpty()) {
                return new Config.CaSource.Pem(k.get(0), c.get(0));
            }
        }
        return new Config.CaSource.Own();
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("expected an absolute http(s) URL, found '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an absolute http(s) URL, found '" + text + "'", e);
        }
    }

    private static String secret(String text) {
        if (text.length() < 16 || !text.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("expected at least 16 printable characters without spaces"
                    + " (found " + text.length() + " characters)");
        }
        return text;
    }

    private static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        return String.join(", ", keys);
    }

    private static String knownEnv() {
        List<String> names = new ArrayList<>();
        for (Setting s : Setting.values()) {
            names.add(s.env());
        }
        return String.join(", ", names);
    }

    private record Value(String raw, String source) {
    }

    /** Typed access to the merged values; a bad value is recorded as a problem naming its key. */
    private record Values(Map<Setting, Value> values, List<String> problems) {
        String text(Setting s) {
            return values.get(s).raw().strip();
        }

        long number(Setting s, long min, long max) {
            Value value = values.get(s);
            try {
                long n = Long.parseLong(value.raw().strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below, with the expected range
            }
            problems.add(s.key() + ": expected an integer from " + min + " to " + max + ", found '" + value.raw()
                    + "' (from " + value.source() + ")");
            return Long.parseLong(s.defaultValue());
        }

        List<Path> paths(Setting s) {
            List<Path> result = new ArrayList<>();
            for (String item : text(s).split(",")) {
                if (!item.isBlank()) {
                    Path p = Path.of(item.strip());
                    if (Files.isReadable(p)) {
                        result.add(p);
                    } else {
                        problems.add(s.key() + ": cannot read '" + item.strip() + "' (from " + values.get(s).source() + ")");
                    }
                }
            }
            return result;
        }

        List<Cidr> list(Setting s) {
            List<Cidr> result = new ArrayList<>();
            for (String item : text(s).split(",")) {
                if (!item.isBlank()) {
                    parse(s, Cidr::parse, item).ifPresent(result::add);
                }
            }
            return result;
        }

        <T> Optional<T> parse(Setting s, Function<String, T> parser) {
            return parse(s, parser, text(s));
        }

        private <T> Optional<T> parse(Setting s, Function<String, T> parser, String raw) {
            try {
                return Optional.of(parser.apply(raw));
            } catch (IllegalArgumentException e) {
                problems.add(s.key() + ": " + e.getMessage() + " (from " + values.get(s).source() + ")");
                return Optional.empty();
            }
        }
    }
}
