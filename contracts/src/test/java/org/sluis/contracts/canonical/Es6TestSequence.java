package org.sluis.contracts.canonical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic IEEE-754 sequence behind the reference file {@code es6testfile100m.txt},
 * re-implemented from the generator in {@code jcs/README.md}: the static edge cases, then 2000
 * consecutive doubles from {@code 0x0010000000000000}, then doubles taken four at a time from a
 * SHA-256 chain seeded with 32 zero bytes (little-endian; zero and non-finite values skipped).
 * The README publishes SHA-256 checksums of the first N lines {@code hex,expected\n}; matching
 * them checks our output against V8's without downloading the 4 GB file.
 */
final class Es6TestSequence {

    /** One row of the README's checksum table. */
    record Checksum(String sha256, int lines, long bytes) {
    }

    private final long[] statics;
    private final MessageDigest chain;
    private int index;
    private byte[] block = new byte[32];
    private int used = 4;

    private Es6TestSequence(long[] statics) {
        this.statics = statics.clone();
        this.chain = sha256();
    }

    /** Starts the sequence with the static values listed in the README's generator. */
    static Es6TestSequence fromReadme(Path readme) {
        String text = read(readme);
        int start = text.indexOf("staticU64s = new BigUint64Array([");
        int end = text.indexOf("])", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("expected the staticU64s array in " + readme + ", found none");
        }
        Matcher m = Pattern.compile("0x([0-9a-f]{16})n").matcher(text.substring(start, end));
        List<Long> values = new ArrayList<>();
        while (m.find()) {
            values.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        return new Es6TestSequence(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** The checksum table of the README. */
    static List<Checksum> checksums(Path readme) {
        Matcher m = Pattern.compile("\\|\\s*([0-9a-f]{64})\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|")
                .matcher(read(readme));
        List<Checksum> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new Checksum(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
        }
        return rows;
    }

    int staticCount() {
        return statics.length;
    }

    /** The next double of the sequence. */
    double next() {
        int i = index++;
        if (i < statics.length) {
            return Double.longBitsToDouble(statics[i]);
        }
        if (i < statics.length + 2000) {
            return Double.longBitsToDouble(0x0010000000000000L + (i - statics.length));
        }
        double f = 0.0;
        while (f == 0.0 || !Double.isFinite(f)) {
            if (used == 4) {
                block = chain.digest(block);
                used = 0;
            }
            f = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getDouble(8 * used++);
        }
        return f;
    }

    /** The README's line for {@code value}: unpadded lowercase hex bits, comma, expected text. */
    static byte[] line(double value, String expected) {
        return (Long.toHexString(Double.doubleToRawLongBits(value)) + "," + expected + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
