package org.sluis.connectors.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read since the current record began and fails the read that goes past the
 * limit. This bounds the memory a single record takes before the parser has built it, which a
 * check on the finished record could not.
 */
final class RecordBudget extends FilterInputStream {
    private final long max;
    private long used;

    RecordBudget(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    /** Restarts the count: the reader is about to read the next record. */
    void startRecord() {
        used = 0;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            spend(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            spend(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        spend(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void spend(long n) throws RecordTooLargeException {
        used += n;
        if (used > max) {
            throw new RecordTooLargeException(max);
        }
    }

    /** A record spans more input than its budget. */
    static final class RecordTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        RecordTooLargeException(long max) {
            super("expected records of at most " + max + " bytes, found one larger");
        }
    }
}
