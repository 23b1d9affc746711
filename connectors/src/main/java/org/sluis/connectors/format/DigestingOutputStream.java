package org.sluis.connectors.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through to another stream while counting them and hashing them with SHA-256: the
 * byte count and digest of exactly what was delivered, for the transfer's completion entry.
 * Bytes count once the underlying stream has accepted them, so after a failed write the figures
 * cover only what was written before it. Not thread-safe, like the writers above it.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256;
    private long count;

    /**
     * Wraps a stream.
     *
     * @param out where the bytes go; closed when this stream is closed
     */
    public DigestingOutputStream(OutputStream out) {
        super(out);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len); // FilterOutputStream would write byte by byte
        sha256.update(b, off, len);
        count += len;
    }

    /**
     * Returns how many bytes have been written through.
     *
     * @return the byte count so far
     */
    public long byteCount() {
        return count;
    }

    /**
     * Returns the SHA-256 of the bytes written so far; writing may go on afterwards.
     *
     * @return the 32-byte digest
     */
    public byte[] sha256() {
        try {
            return ((MessageDigest) sha256.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /**
     * Returns the SHA-256 of the bytes written so far, as the ledger writes digests.
     *
     * @return 64 lowercase hex digits
     */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256());
    }
}
