package org.sluis.connectors.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DigestingOutputStreamTest {
    static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void digests_and_counts_exactly_the_bytes_passed_through_in_single_bytes_and_slices() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        byte[] chunk = new byte[10_000];
        new SplittableRandom(3).nextBytes(chunk);
        out.write(0x41);
        out.write(chunk, 17, 5_000);
        out.write(chunk);
        assertEquals(sink.size(), out.byteCount());
        assertEquals(15_001, out.byteCount());
        assertArrayEquals(sha256(sink.toByteArray()), out.sha256());
    }

    @Test
    void of_nothing_is_the_sha256_of_the_empty_string() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                new DigestingOutputStream(new ByteArrayOutputStream()).sha256Hex());
    }

    @Test
    void can_be_read_midway_and_writing_goes_on() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out.sha256Hex()); // FIPS 180-2 "abc"
        out.write('d');
        assertEquals(HexFormat.of().formatHex(sha256(sink.toByteArray())), out.sha256Hex());
    }

    @Test
    void under_a_writer_digests_the_delivered_document() throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        RecordWriter writer = RecordFormat.JSON.writer(out, List.of());
        writer.write(RecordWriterTest.record("{\"a\":1}"));
        writer.finish();
        assertEquals("[{\"a\":1}]", sink.toString(StandardCharsets.UTF_8));
        assertEquals(9, out.byteCount());
        assertArrayEquals(sha256(sink.toByteArray()), out.sha256());
    }
}
