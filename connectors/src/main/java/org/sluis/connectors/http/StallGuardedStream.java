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
 * long as the server keeps the connection open and silent. Here each read arms an alarm on one
 * shared daemon timer thread; if it fires, the body is closed, which releases the blocked read,
 * and the read fails with a {@link SocketTimeoutException}. Arming and disarming cost about a
 * microsecond, against reads of many kilobytes.
 */
public final class StallGuardedStream extends FilterInputStream {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final long timeoutNanos;
    private final Duration timeout;
    private final String where;
    private volatile boolean stalled;

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
        ScheduledFuture<?> alarm = TIMER.schedule(this::stall, timeoutNanos, TimeUnit.NANOSECONDS);
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw stalled ? timedOut(e) : e;
        } finally {
            alarm.cancel(false);
        }
        if (stalled) {
            // The alarm closed the body: whatever the read returned, the stream is no longer whole.
            throw timedOut(null);
        }
        return n;
    }

    private void stall() {
        stalled = true;
        try {
            in.close();
        } catch (IOException e) {
            // The reader is told through the stalled flag; a close that fails has nothing to add.
        }
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
        // Nearly every alarm is cancelled; without this they would stay queued until their time.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
