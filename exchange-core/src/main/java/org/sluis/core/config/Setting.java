package org.sluis.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key the exchange understands, with its environment variable, default and
 * meaning. The single source for parsing, validation and the README's configuration table.
 *
 * <p>A key's environment variable is derived by one rule: {@code SLUIS_} followed by the key in
 * upper snake case ({@code db.url} → {@code SLUIS_DB_URL}, {@code http.maxBodyBytes} →
 * {@code SLUIS_HTTP_MAX_BODY_BYTES}).
 */
public enum Setting {
    HTTP_PORT("http.port", "8080", "TCP port of the HTTP gateway (0 picks a free port)."),
    HTTP_HOST("http.host", "0.0.0.0", "Address the HTTP gateway binds to."),
    HTTP_MAX_BODY_BYTES("http.maxBodyBytes", "1048576", "Largest request body accepted; larger bodies get 413."),
    HTTP_MAX_JSON_DEPTH("http.maxJsonDepth", "32", "Deepest nesting of arrays and objects accepted in a JSON body."),
    SHUTDOWN_GRACE_SECONDS("shutdownGraceSeconds", "30", "How long in-flight requests may take to finish on SIGTERM."),
    DATA_DIR("dataDir", "./data", "Data directory: embedded PostgreSQL, keys."),
    PUBLIC_URL("publicUrl", "", "Public base URL (token issuer and audience); empty means http://localhost:{http.port}."),
    ALLOW_NETWORKS("allowNetworks", "", "Comma-separated CIDRs in loopback/private/link-local ranges that sources and sinks may reach anyway."),
    DB_URL("db.url", "", "JDBC URL of an external PostgreSQL; empty starts the embedded PostgreSQL in the data directory."),
    DB_USER("db.user", "", "User for db.url."),
    DB_PASSWORD("db.password", "", "Password for db.url."),
    DB_POOL_SIZE("db.poolSize", "10", "Connections in the pool, and threads in the bounded database worker pool."),
    LEDGER_CHECKPOINT_SECONDS("ledger.checkpointSeconds", "10", "Cadence of signed ledger checkpoints while the log grows."),
    CA_PASSWORD("ca.password", "", "Password protecting the exchange CA's key (dataDir/ca/ca.p12); empty generates dataDir/ca/password."),
    CA_KEY_STORE("ca.keyStore", "", "An operator-supplied CA as PKCS#12 (opened with ca.password); empty: the exchange's own CA in dataDir/ca."),
    CA_KEY_PEM("ca.keyPem", "", "An operator-supplied CA key as PKCS#8 PEM (encrypted with ca.password, or not); needs ca.certPem."),
    CA_CERT_PEM("ca.certPem", "", "The certificate (chain) of the CA in ca.keyPem, PEM."),
    TRUSTED_CAS("trustedCas", "", "Comma-separated PEM files of further CAs whose participant certificates are accepted (e.g. a national PKI)."),
    FILES_ROOT("files.root", "", "Directory that file sources are read from (their paths are relative to it); empty: dataDir/files."),
    TRANSFERS_MAX_CONCURRENT("transfers.maxConcurrent", "32", "Transfers streaming at once on this instance (one thread each); more wait."),
    OPA_URL("opa.url", "", "Base URL of an Open Policy Agent server asked after every permit (deny-overrides, fails closed); empty: no OPA."),
    OPA_PATH("opa.path", "sluis/baseline/result", "The OPA document asked: POST {opa.url}/v1/data/{opa.path}."),
    OPA_TIMEOUT_MILLIS("opa.timeoutMillis", "500", "How long a decision waits for OPA before it denies.");

    /** Prefix of every environment variable the exchange reads. */
    public static final String ENV_PREFIX = "SLUIS_";
    /** Environment variables with this prefix belong to the test suite and are not settings. */
    public static final String TEST_ENV_PREFIX = "SLUIS_TEST_";

    private static final Map<String, Setting> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));
    private static final Map<String, Setting> BY_ENV =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Setting::env, Function.identity()));

    private final String key;
    private final String env;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.env = ENV_PREFIX + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The dotted key as written in the configuration file, e.g. {@code db.url}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides the file, e.g. {@code SLUIS_DB_URL}. */
    public String env() {
        return env;
    }

    /** The value used when neither the file nor the environment sets one. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence for operators. */
    public String description() {
        return description;
    }

    /** The setting with this dotted key, if there is one. */
    public static Optional<Setting> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The setting read from this environment variable, if there is one. */
    public static Optional<Setting> byEnv(String env) {
        return Optional.ofNullable(BY_ENV.get(env));
    }
}
