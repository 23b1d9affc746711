package org.sluis.connectors.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A real FHIR R4 server for the tests: HAPI FHIR's plain server in Jetty on 127.0.0.1, serving
 * {@link #COUNT} Observations ({@code obs-000}…, one minute apart from {@link #FIRST_UPDATED}),
 * or what another resource provider gives, through HAPI's own paging
 * ({@code FifoMemoryPagingProvider}, {@code _getpages} next links). {@code /fhir} is honest;
 * {@code /elsewhere} serves the same but its links name another origin, as a misconfigured or
 * hostile server's would.
 */
public final class FhirTestServer implements AutoCloseable {
    static final int COUNT = 250;
    static final Instant FIRST_UPDATED = Instant.parse("2024-01-01T00:00:00Z");

    private final Server jetty;
    /** Headers of each search request (the first page), names lower-cased. */
    final List<Map<String, String>> searches = Collections.synchronizedList(new ArrayList<>());
    /** The honest server's base URL, {@code http://127.0.0.1:<port>/fhir}. */
    public final URI base;
    final URI elsewhere;

    /** A server of the {@link #COUNT} Observations. */
    FhirTestServer() throws Exception {
        this(server -> server.new ObservationProvider());
    }

    /**
     * A server of what {@code provider} gives; it is asked for one provider for each of the two paths.
     *
     * @param provider makes a resource provider (HAPI's {@code @Search} methods) for this server
     * @throws Exception if Jetty does not start
     */
    public FhirTestServer(Function<FhirTestServer, IResourceProvider> provider) throws Exception {
        jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        RestfulServer honest = fhir(provider.apply(this));
        RestfulServer foreign = fhir(provider.apply(this));
        context.addServlet(new ServletHolder(honest), "/fhir/*");
        context.addServlet(new ServletHolder(foreign), "/elsewhere/*");
        jetty.setHandler(context);
        jetty.start();
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        base = URI.create("http://127.0.0.1:" + port + "/fhir");
        elsewhere = URI.create("http://127.0.0.1:" + port + "/elsewhere");
        foreign.setServerAddressStrategy(new HardcodedServerAddressStrategy("http://127.0.0.2:" + port + "/fhir"));
    }

    private static RestfulServer fhir(IResourceProvider provider) {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.setResourceProviders(provider);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(20);
        paging.setDefaultPageSize(20);
        paging.setMaximumPageSize(200);
        server.setPagingProvider(paging);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        return server;
    }

    static String id(int i) {
        return String.format("obs-%03d", i);
    }

    /** The Observations, filtered by {@code _lastUpdated} when given, in id order. */
    public final class ObservationProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Observation.class;
        }

        /** The search HAPI routes {@code GET /Observation} to. */
        @Search
        public List<Observation> search(@OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                        HttpServletRequest request) {
            Map<String, String> headers = new TreeMap<>();
            Collections.list(request.getHeaderNames()).forEach(h -> headers.put(h.toLowerCase(java.util.Locale.ROOT),
                    request.getHeader(h)));
            searches.add(headers);
            List<Observation> out = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                Date updated = Date.from(FIRST_UPDATED.plusSeconds(60L * i));
                if (lastUpdated != null && lastUpdated.getLowerBound() != null
                        && !updated.after(lastUpdated.getLowerBound().getValue())) {
                    continue;
                }
                Observation o = new Observation();
                o.setId(id(i));
                o.getMeta().setLastUpdated(updated);
                o.setStatus(Observation.ObservationStatus.FINAL);
                o.getCode().setText("heart rate");
                o.setValue(new Quantity().setValue(60 + i % 40).setUnit("/min"));
                out.add(o);
            }
            return out;
        }
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the FHIR test server", e);
        } catch (Exception e) {
            throw new IllegalStateException("the FHIR test server did not stop: " + e.getMessage(), e);
        }
    }
}
