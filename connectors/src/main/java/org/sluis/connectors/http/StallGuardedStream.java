package org.sluis.connectors.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body whose every read must make progress within the read timeout. The JDK client's
 * request timeout ends when the headers arrive; after that a read of its body stream blocks as
 * long as the server keeps the connection open and silent. Here a read notes when it started (a
 * volatile write, no more), and from the first read on a watch on one shared daemon timer thread
 * looks at that note {@value #CHECKS_PER_TIMEOUT} times per timeout: a read found running for the
 * timeout or longer has the body closed under it, which releases it, and fails with a
 * {@link SocketTimeoutException}. So a stalled read fails after at least the timeout and at most a
 * quarter more, and a read that makes progress costs nothing on the timer: arming an alarm per
 * read, as this class did, woke the timer thread for every read of the body, thousands of times
 * per second on a large transfer. The watch ends when the body ends, fails or is closed (a read
 * after that watches again).
 */
public final class StallGuardedStream extends FilterInputStream {
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    private static final int CHECKS_PER_TIMEOUT = 4;
    /**
     * {@link #readStart} when no read is running. {@code System.nanoTime()} could return it only once
     * in 292 years of uptime, and then that one read would go unwatched.
     */
    private static final long NOT_READING = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final Duration timeout;
    private final String where;
    /** {@code System.nanoTime()} when the running read started, or {@link #NOT_READING}. */
    private volatile long readStart = NOT_READING;
    private volatile boolean stalled;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> watch;

    /**
     * Guards {@code body}.
     *
     * @param body    the response body
     * @param timeout the longest a read may wait for a byte
     * @param where   the upstream, as timeout messages name it (no query string, no secrets)
     */
    public StallGuardedStream(InputStream body, Duration timeout, String where) {
        super(body);
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (stalled) {
            throw timedOut(null);
        }
        if (watch == null && !closed) {
            long period = Math.max(1, timeoutNanos / CHECKS_PER_TIMEOUT);
            watch = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
        }
        int n;
        readStart = System.nanoTime();
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            unwatch();
            throw stalled ? timedOut(e) : e;
        } finally {
            readStart = NOT_READING;
        }
        if (stalled) {
            // The watch closed the body: whatever the read returned, the stream is no longer whole.
            unwatch();
            throw timedOut(null);
        }
        if (n < 0) {
            unwatch();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        unwatch();
        super.close();
    }

    /** On the timer thread: closes the body under a read that has run for the timeout. */
    private void check() {
        if (closed) {
            unwatch(); // closed by another thread while the first read was scheduling the watch
            return;
        }
        long start = readStart;
        if (start != NOT_READING && System.nanoTime() - start >= timeoutNanos) {
            stalled = true;
            try {
                in.close();
            } catch (IOException e) {
                // The reader is told through the stalled flag; a close that fails has nothing to add.
            }
        }
    }

    private void unwatch() {
        ScheduledFuture<?> w = watch;
        watch = null;
        if (w != null) {
            w.cancel(false);
        }
    }

    /** Whether a watch is scheduled for this body now. */
    boolean watched() {
        ScheduledFuture<?> w = watch;
        return w != null && !w.isDone();
    }

    private SocketTimeoutException timedOut(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("no data from " + where + " for " + timeout
                + " (the read timeout) while reading the response body");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sluis-http-read-timeout");
            t.setDaemon(true);
            return t;
        });
        // A watch ends when its body does; without this it would stay queued until its next check.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
