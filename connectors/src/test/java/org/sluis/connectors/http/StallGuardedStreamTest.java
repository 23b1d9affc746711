package org.sluis.connectors.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard over a real loopback socket, whose peer sends what each test says and otherwise stays silent. */
@Timeout(30) // a guard that never fires would leave a read blocked for good
class StallGuardedStreamTest {
    private ServerSocket server;
    private Socket client;
    private Socket peer;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
    }

    @AfterEach
    void disconnect() throws IOException {
        client.close();
        peer.close();
        server.close();
    }

    StallGuardedStream guarded(Duration timeout) throws IOException {
        return new StallGuardedStream(client.getInputStream(), timeout, "http://upstream.test/data");
    }

    @Test
    void readThatGetsNoData_failsAfterTheReadTimeout_namingIt() throws IOException {
        try (StallGuardedStream body = guarded(Duration.ofMillis(400))) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> body.read(new byte[16], 0, 16));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(400) && waited < TimeUnit.SECONDS.toNanos(8), "waited " + waited + " ns");
            assertEquals("no data from http://upstream.test/data for PT0.4S (the read timeout) while reading the response body",
                    e.getMessage());
            assertThrows(SocketTimeoutException.class, body::read, "a stalled body stays failed");
        }
    }

    @Test
    void bodyThatKeepsSendingSlowly_neverTimesOut_thoughItTakesLongerThanTheTimeout() throws Exception {
        Thread sender = new Thread(() -> {
            try {
                OutputStream out = peer.getOutputStream();
                for (int i = 0; i < 12; i++) {
                    Thread.sleep(100);
                    out.write('a' + i);
                    out.flush();
                }
                peer.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        try (StallGuardedStream body = guarded(Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            assertArrayEquals("abcdefghijkl".getBytes(java.nio.charset.StandardCharsets.US_ASCII), body.readAllBytes());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1_100));
        } finally {
            sender.join(10_000);
        }
    }

    @Test
    void watch_isScheduledByTheFirstRead_andEndsAtTheEndOfTheBody() throws IOException {
        peer.getOutputStream().write(new byte[] {1, 2, 3});
        peer.shutdownOutput();
        try (StallGuardedStream body = guarded(Duration.ofSeconds(30))) {
            assertFalse(body.watched());
            assertEquals(1, body.read());
            assertTrue(body.watched());
            assertEquals(2, body.read(new byte[8], 0, 8));
            assertEquals(-1, body.read());
            assertFalse(body.watched());
        }
    }

    @Test
    void watch_endsWhenTheBodyIsClosed() throws IOException {
        peer.getOutputStream().write(new byte[] {1, 2, 3});
        StallGuardedStream body = guarded(Duration.ofSeconds(30));
        assertEquals(1, body.read());
        body.close();
        assertFalse(body.watched());
    }
}
