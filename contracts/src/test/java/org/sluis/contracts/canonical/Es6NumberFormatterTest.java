package org.sluis.contracts.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Es6NumberFormatterTest {

    private static double bits(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }

    private static Path testData(String name) {
        try {
            return Path.of(Es6NumberFormatterTest.class.getResource("/jcs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Significant digits of Java's Double.toString, without sign, point, exponent or padding zeros. */
    private static int javaDigitCount(double v) {
        String text = Double.toString(Math.abs(v));
        int e = text.indexOf('E');
        String mantissa = (e < 0 ? text : text.substring(0, e)).replace(".", "");
        return Math.max(1, mantissa.replaceAll("^0+", "").replaceAll("0+$", "").length());
    }

    private static int es6DigitCount(String text) {
        int e = text.indexOf('e');
        String mantissa = (e < 0 ? text : text.substring(0, e)).replace("-", "").replace(".", "");
        return Math.max(1, mantissa.replaceAll("^0+", "").replaceAll("0+$", "").length());
    }

    @Nested
    class Format {

        /** RFC 8785 Appendix B, "Number Serialization Samples" (finite rows). */
        @ParameterizedTest(name = "0x{0} -> {1}")
        @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2",
        })
        void rfc8785_appendix_B_samples_are_reproduced_exactly(String ieee754, String expected) {
            assertEquals(expected, Es6NumberFormatter.toString(bits(ieee754)));
        }

        /** RFC 8785 Appendix B rows without a JSON representation. */
        @ParameterizedTest(name = "0x{0} ({1}) is rejected")
        @CsvSource({
            "7fffffffffffffff, NaN",
            "7ff0000000000000, Infinity",
            "fff0000000000000, -Infinity",
        })
        void appendix_B_NaN_and_Infinity_are_rejected(String ieee754, String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Es6NumberFormatter.toString(bits(ieee754)));
            assertTrue(e.getMessage().contains("expected a finite double"), e.getMessage());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "1e21, 1e+21",
            "1e20, 100000000000000000000",
            "1.5e21, 1.5e+21",
            "123456789012345680000, 123456789012345680000",
            "0.000001, 0.000001",
            "0.0000012345, 0.0000012345",
            "1e-7, 1e-7",
            "1.5e-7, 1.5e-7",
            "4.50, 4.5",
            "2e-3, 0.002",
            "1E30, 1e+30",
            "1e-27, 1e-27",
            "-1.5, -1.5",
            "-0.0, 0",
            "100, 100",
            "0.1, 0.1",
            "123.456, 123.456",
        })
        void ecmascript_layout_rules_choose_integer_fixed_or_exponent_form(double value, String expected) {
            assertEquals(expected, Es6NumberFormatter.toString(value));
        }

        /**
         * JDK-4511638: Java 17's Double.toString is not always shortest (fixed in JDK 19), so it
         * may only be used as a verified candidate.
         */
        @ParameterizedTest(name = "{0} (Java 17: {2}) -> {1}")
        @CsvSource({
            "44b52d02c7e14af6, 1e+23, 9.999999999999999E22",
            "44c52d02c7e14af6, 2e+23, 1.9999999999999998E23",
            "438f67ea69ed3795, 282879384806159000, 2.82879384806159008E17",
            "447c7e83209e90b2, 8.41e+21, 8.409999999999999E21",
            "0000000000000001, 5e-324, 4.9E-324",
        })
        void jdk_4511638_non_shortest_java_output_is_not_trusted(String ieee754, String expected, String java17) {
            double value = bits(ieee754);
            assertEquals(expected, Es6NumberFormatter.toString(value));
            assertEquals(value, Double.parseDouble(java17), "the vector's bits and Java 17 text disagree");
        }

        @Test
        void safe_integers_are_written_digit_for_digit() {
            Random random = new Random(8785);
            for (int i = 0; i < 2000; i++) {
                long n = random.nextLong() % (1L << 53);
                assertEquals(Long.toString(n), Es6NumberFormatter.toString(n));
            }
            assertEquals("9007199254740991", Es6NumberFormatter.toString(9007199254740991.0));
        }

        @Test
        void every_subnormal_boundary_and_serial_value_matches_the_reference() {
            for (int i = 0; i < 2000; i++) {
                double up = Double.longBitsToDouble(0x0010000000000000L + i);
                double down = Double.longBitsToDouble(0x0010000000000000L - 1 - i);
                double tiny = Double.longBitsToDouble(1L + i);
                for (double v : new double[] {up, down, tiny}) {
                    assertEquals(ReferenceEs6Number.toString(v), Es6NumberFormatter.toString(v),
                            () -> "bits " + Long.toHexString(Double.doubleToRawLongBits(v)));
                }
            }
        }
    }

    @Nested
    class RandomDoubles {

        private static final int COUNT = 3000;

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"random bit patterns", "computed values", "short decimals"})
        void output_reads_back_is_no_longer_than_java_and_matches_the_reference(String kind) {
            Random random = new Random(kind.hashCode());
            for (int i = 0; i < COUNT; i++) {
                double v = sample(kind, random);
                String text = Es6NumberFormatter.toString(v);
                String where = "bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + " -> " + text;
                assertEquals(v == 0 ? 0.0 : v, Double.parseDouble(text), where);
                assertTrue(es6DigitCount(text) <= javaDigitCount(v),
                        () -> where + " has more digits than Java's " + Double.toString(v));
                assertEquals(ReferenceEs6Number.toString(v), text, where);
                assertFalse(text.contains("E") || text.startsWith("+") || text.endsWith("."), where);
            }
        }

        private double sample(String kind, Random random) {
            switch (kind) {
                case "random bit patterns": {
                    double v;
                    do {
                        v = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(v));
                    return v;
                }
                case "computed values":
                    return (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                default:
                    return random.nextInt(10_000_000) / Math.pow(10, random.nextInt(9));
            }
        }
    }

    @Nested
    class Es6TestFile {

        /**
         * Formats the first 100,000 values of the README's deterministic sequence and compares the
         * SHA-256 of the first 1,000, 10,000 and 100,000 lines with the published checksums.
         */
        @Test
        void first_100000_lines_match_the_checksums_published_with_the_test_data() throws Exception {
            Path readme = testData("README.md");
            Map<Integer, Es6TestSequence.Checksum> expected = new TreeMap<>();
            for (Es6TestSequence.Checksum c : Es6TestSequence.checksums(readme)) {
                if (c.lines() <= 100_000) {
                    expected.put(c.lines(), c);
                }
            }
            assertEquals(List.of(1000, 10_000, 100_000), List.copyOf(expected.keySet()),
                    "expected the README to list checksums for 1000, 10000 and 100000 lines");

            Es6TestSequence sequence = Es6TestSequence.fromReadme(readme);
            assertEquals(168, sequence.staticCount(), "expected 168 static values in the README generator");
            MessageDigest digest = Es6TestSequence.sha256();
            long size = 0;
            for (int line = 1; line <= 100_000; line++) {
                double v = sequence.next();
                byte[] bytes = Es6TestSequence.line(v, Es6NumberFormatter.toString(v));
                digest.update(bytes);
                size += bytes.length;
                Es6TestSequence.Checksum c = expected.get(line);
                if (c != null) {
                    String actual = HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
                    assertEquals(c.bytes(), size, "size of the first " + line + " lines");
                    assertEquals(c.sha256(), actual, "SHA-256 of the first " + line + " lines");
                }
            }
        }
    }
}
