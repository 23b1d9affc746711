package org.sluis.core.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every request, from its first handler to the end of its response, into
 * {@code sluis_http_server_requests_seconds{route, method, status}}.
 *
 * <p>{@code route} is the template of the route the path belongs to ({@code /v1/data/:agreementId}),
 * never the path: ids must not become label values, or every agreement would make series of its
 * own. A path that no route declares is {@value #UNMATCHED}. The template is looked up here
 * ({@link RouteTemplates}) rather than asked of Vert.x when the response ends, because a request
 * that fails (a handler's problem, an unknown role, a body over the limit) is answered by the
 * failure handler, and by then the router no longer tells which route the request was on.
 * {@code method} is one HTTP defines, or {@code OTHER}; {@code status} is the code sent, or
 * {@value #CLIENT_CLOSED} (nginx's "client closed request") when the client went away before any
 * status was sent, which Vert.x would otherwise report as the 200 it starts every response with.
 * So the label values stay few whatever clients send.
 *
 * <p>A timer is registered once per label combination and kept, so a request looks one up in a map.
 * Buckets are fixed, from the millisecond of a health check to the minutes of a large pull.
 */
final class RequestMetrics {
    /** The {@code route} of a path that no route declares. */
    static final String UNMATCHED = "unmatched";
    /** The {@code status} of a request whose client closed the connection before a status was sent. */
    static final int CLIENT_CLOSED = 499;
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

    private final MeterRegistry registry;
    private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();
    private volatile RouteTemplates templates = new RouteTemplates(List.of());

    private record Labels(String route, String method, int status) {
    }

    /** Request metrics in {@code registry}; every path is {@value #UNMATCHED} until {@link #routes} is given the templates. */
    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The route templates to label requests with, once every route is declared. */
    void routes(List<String> declared) {
        templates = new RouteTemplates(declared);
    }

    /** The handler that times a request; it runs before every route's own. */
    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String template = templates.match(ctx.normalizedPath());
        String route = template == null ? UNMATCHED : template;
        String method = method(ctx.request().method());
        ctx.addEndHandler(done -> {
            int status = done.succeeded() || ctx.response().headWritten() ? ctx.response().getStatusCode() : CLIENT_CLOSED;
            timer(route, method, status).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    private Timer timer(String route, String method, int status) {
        Labels labels = new Labels(route, method, status);
        Timer timer = timers.get(labels);
        return timer != null ? timer : timers.computeIfAbsent(labels, l -> Timer.builder("sluis.http.server.requests")
                .description("HTTP requests, first handler to end of response, by route template, method and status")
                .tag("route", l.route())
                .tag("method", l.method())
                .tag("status", Integer.toString(l.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    private static String method(HttpMethod method) {
        String name = method.name();
        return METHODS.contains(name) ? name : "OTHER";
    }
}
