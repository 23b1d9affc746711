package org.sluis.core.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.sluis.core.transfer.DeliveryException;

/**
 * Lets a transfer thread write a response body as a plain {@link OutputStream}, with the
 * connection's back-pressure: bytes are gathered into chunks of {@value #CHUNK} bytes, each chunk
 * is written on the request's event loop, and at most {@value #IN_FLIGHT} chunks may be on their
 * way to the socket at once; the writing thread waits for a write to complete before it may
 * start another, so a slow client slows the source down instead of filling the heap. Once the
 * client has gone ({@link #gone}), every write fails with a {@link DeliveryException}.
 * {@link #flush()} returns only when every byte written so far has reached the socket, so a
 * completion logged after it counts bytes that were really handed over.
 */
final class ResponseOutputStream extends OutputStream {
    static final int CHUNK = 64 * 1024;
    static final int IN_FLIGHT = 4;

    private final HttpServerResponse response;
    private final Context context;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final byte[] buffer = new byte[CHUNK];
    private int used;
    private volatile String gone;

    /** A stream over {@code response}, written on {@code context}: the request's own event-loop context. */
    ResponseOutputStream(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
    }

    /** The client went away (called on the event loop): the writer stops at its next write. */
    void gone(String why) {
        gone = why;
        slots.release(IN_FLIGHT); // wake a writer waiting for a slot
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            send();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == CHUNK) {
                send();
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what is buffered and waits until every write so far has completed. */
    @Override
    public void flush() throws IOException {
        if (used > 0) {
            send();
        }
        acquire(IN_FLIGHT);
        slots.release(IN_FLIGHT);
        failIfGone();
    }

    private void send() throws IOException {
        acquire(1);
        failIfGone();
        Buffer chunk = Buffer.buffer(Arrays.copyOf(buffer, used));
        used = 0;
        context.runOnContext(v -> {
            if (gone != null) {
                slots.release();
                return;
            }
            response.write(chunk).onComplete(done -> {
                if (done.failed()) {
                    gone("the connection failed: " + done.cause().getMessage());
                }
                slots.release();
            });
        });
    }

    private void acquire(int n) throws IOException {
        try {
            slots.acquire(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was slow to read");
        }
    }

    private void failIfGone() throws DeliveryException {
        String why = gone;
        if (why != null) {
            throw new DeliveryException(why);
        }
    }
}
