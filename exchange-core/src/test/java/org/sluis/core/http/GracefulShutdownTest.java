package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutdown lets the request in flight finish and then refuses new connections. */
class GracefulShutdownTest {
    @TempDir
    Path dataDir;

    @Test
    void shutdown_letsInFlightRequestsFinish_thenRefusesNewOnes() throws Exception {
        try (TestGateway server = new TestGateway(dataDir)) {
            Gateway gateway = server.gateway;
            Vertx vertx = server.vertx;
            CountDownLatch arrived = new CountDownLatch(1);
            gateway.router().get("/test/slow").handler(ctx -> {
                arrived.countDown();
                vertx.setTimer(1_000, t -> ctx.response().end("finished"));
            });
            int port = gateway.start().toCompletionStage().toCompletableFuture().get();
            // HTTP/1.1: the JDK 17 client fails every HTTP/2 stream on GOAWAY, even those the server completes.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/test/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(arrived.await(10, TimeUnit.SECONDS));

            gateway.shutdown().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals("finished", r.body());
            assertThrows(IOException.class, () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }
}
