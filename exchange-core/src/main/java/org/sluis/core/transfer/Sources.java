package org.sluis.core.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.sluis.connectors.RecordSource;
import org.sluis.connectors.fhir.FhirSource;
import org.sluis.connectors.file.FileSource;
import org.sluis.connectors.format.SourceFormat;
import org.sluis.connectors.http.HttpSource;
import org.sluis.connectors.jdbc.JdbcSource;
import org.sluis.connectors.jdbc.JdbcSourceConfig;
import org.sluis.connectors.net.BlockedAddressException;
import org.sluis.connectors.net.NetworkGuard;
import org.sluis.core.catalog.DataSource;

/**
 * The exchange's connectors for each kind of dataset source: files under the operator's root,
 * HTTP and FHIR servers and PostgreSQL databases behind the SSRF guard. The guard is applied to
 * every URL the exchange fetches (a FHIR server's next links too) and every database host, so a
 * dataset cannot point the exchange at its own network unless the operator allowed that network.
 */
public final class Sources implements SourceFactory {
    /** Time to connect to an upstream. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest an upstream may stall (before its headers, or between bytes of its body). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final String JDBC_HOSTS = "jdbc:postgresql://";

    private final Path filesRoot;
    private final NetworkGuard guard;

    /** Connectors reading files under {@code filesRoot} and fetching only what {@code guard} allows. */
    public Sources(Path filesRoot, NetworkGuard guard) {
        this.filesRoot = filesRoot;
        this.guard = guard;
    }

    @Override
    public RecordSource connect(DataSource source) {
        if (source instanceof DataSource.File f) {
            return new FileSource(filesRoot, f.path(), SourceFormat.of(f.format()));
        }
        if (source instanceof DataSource.Http h) {
            return new HttpSource(h.url(), SourceFormat.of(h.format()), h.headers(), CONNECT_TIMEOUT, READ_TIMEOUT, guard);
        }
        if (source instanceof DataSource.Jdbc j) {
            JdbcSource jdbc = new JdbcSource(new JdbcSourceConfig(j.url(), j.user(), j.password(), j.table(), j.query(), Optional.empty(),
                    JdbcSourceConfig.DEFAULT_FETCH_SIZE, JdbcSourceConfig.DEFAULT_PAGE_SIZE));
            return read -> {
                checkDatabaseHosts(j.url());
                return jdbc.open(read);
            };
        }
        DataSource.Fhir f = (DataSource.Fhir) source;
        return new FhirSource(f.url(), f.resourceType(), f.params(), FhirSource.DEFAULT_PAGE_SIZE, READ_TIMEOUT, f.headers(), this::check);
    }

    /** A provider's database is reached through the same guard as its URLs: every host of a (multi-host) JDBC URL. */
    private void checkDatabaseHosts(String url) throws IOException {
        String rest = url.startsWith(JDBC_HOSTS) ? url.substring(JDBC_HOSTS.length()) : "localhost";
        for (String hostPort : rest.split("[/?]", 2)[0].split(",")) {
            guard.check(URI.create("tcp://" + (hostPort.isEmpty() ? "localhost" : hostPort)));
        }
    }

    private void check(URI url) {
        try {
            guard.check(url);
        } catch (BlockedAddressException | UnknownHostException e) {
            // The guard's own message: a transfer reports this exception's message as why the source failed.
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
