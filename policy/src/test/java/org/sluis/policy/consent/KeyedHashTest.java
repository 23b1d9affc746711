package org.sluis.policy.consent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KeyedHashTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** The JDK's HMAC, the reference this class must agree with byte for byte. */
    static byte[] jdkMac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4231 §4 cases 1 to 7 (HMAC-SHA-256), one per line of {@code hmac/rfc4231-sha256.txt}. */
    static Stream<Arguments> rfc4231() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                KeyedHashTest.class.getResourceAsStream("/hmac/rfc4231-sha256.txt"), UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.trim().split(" ");
                    cases.add(Arguments.of(f[0], HEX.parseHex(f[1]), HEX.parseHex(f[2]), f[3]));
                }
            }
        }
        return cases.stream();
    }

    @Nested
    class Mac_ {
        @ParameterizedTest(name = "RFC 4231 case {0}")
        @MethodSource("org.sluis.policy.consent.KeyedHashTest#rfc4231")
        void matches_the_rfc_4231_vector(String name, byte[] key, byte[] data, String expectedHex) {
            String actual = HEX.formatHex(KeyedHash.anyLength(key).mac(data));
            assertEquals(expectedHex, actual.substring(0, expectedHex.length())); // case 5 is given truncated
        }

        @Test
        void seven_rfc_4231_vectors_are_read() throws IOException {
            assertEquals(7, rfc4231().count());
        }

        @Test
        void agrees_with_the_jdk_on_every_message_length_from_0_to_300_bytes() {
            SplittableRandom random = new SplittableRandom(4231);
            KeyedHash hash = new KeyedHash(KEY);
            for (int length = 0; length <= 300; length++) {
                byte[] message = new byte[length];
                random.nextBytes(message);
                assertArrayEquals(jdkMac(KEY, message), hash.mac(message), "length " + length);
            }
        }

        @Test
        void agrees_with_the_jdk_for_keys_of_32_to_200_bytes() {
            SplittableRandom random = new SplittableRandom(2104);
            byte[] message = "pseudo-4711".getBytes(UTF_8);
            for (int length = 32; length <= 200; length++) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                assertArrayEquals(jdkMac(key, message), new KeyedHash(key).mac(message), "key length " + length);
            }
        }

        @Test
        void is_the_same_for_the_same_message_asked_twice() {
            KeyedHash hash = new KeyedHash(KEY);
            assertArrayEquals(hash.mac(new byte[] {1, 2, 3}), hash.mac(new byte[] {1, 2, 3}));
        }
    }

    @Nested
    class Hash {
        @ParameterizedTest
        @ValueSource(strings = {"", "a", "pseudo-4711", "Zoë Ångström 😀 Ω", "日本語の仮名",
            "a subject id well over one SHA-256 block of sixty-four bytes, to take the multi-block path",
            "\u0000", "tail bits: 43rd character"})
        void is_the_jdk_hmac_of_the_utf_8_bytes_in_base64url_without_padding(String value) {
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(jdkMac(KEY, value.getBytes(UTF_8)));
            assertEquals(expected, new KeyedHash(KEY).hash(value));
        }

        @Test
        void agrees_with_the_jdk_encoder_on_ten_thousand_random_ids() {
            SplittableRandom random = new SplittableRandom(4648);
            KeyedHash hash = new KeyedHash(KEY);
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            for (int i = 0; i < 10_000; i++) {
                String id = "subject-" + Long.toHexString(random.nextLong());
                assertEquals(encoder.encodeToString(jdkMac(KEY, id.getBytes(UTF_8))), hash.hash(id), id);
            }
        }

        @Test
        void is_43_base64url_characters() {
            assertTrue(new KeyedHash(KEY).hash("pseudo-4711").matches("[A-Za-z0-9_-]{43}"));
        }

        @Test
        void differs_under_another_key() {
            byte[] other = KEY.clone();
            other[0] ^= 1;
            assertNotEquals(new KeyedHash(KEY).hash("pseudo-4711"), new KeyedHash(other).hash("pseudo-4711"));
        }

        @Test
        void gives_the_same_answers_from_eight_threads_at_once() throws Exception {
            KeyedHash shared = new KeyedHash(KEY);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> wrong = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    wrong.add(pool.submit(() -> {
                        int mismatches = 0;
                        for (int i = 0; i < 5_000; i++) {
                            String id = "s-" + thread + "-" + i;
                            byte[] expected = jdkMac(KEY, id.getBytes(UTF_8));
                            if (!Arrays.equals(expected, Base64.getUrlDecoder().decode(shared.hash(id)))) {
                                mismatches++;
                            }
                        }
                        return mismatches;
                    }));
                }
                for (Future<Integer> w : wrong) {
                    assertEquals(0, w.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Construct {
        @Test
        void refuses_a_key_shorter_than_32_bytes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeyedHash(new byte[31]));
            assertEquals("expected a key of at least 32 bytes, found 31", e.getMessage());
        }

        @Test
        void copies_the_key() {
            byte[] key = KEY.clone();
            KeyedHash hash = new KeyedHash(key);
            Arrays.fill(key, (byte) 0);
            assertArrayEquals(jdkMac(KEY, new byte[0]), hash.mac(new byte[0]));
        }
    }

    @Nested
    class Derive {
        /** RFC 5869 A.3: PRK from IKM = 22 × 0x0b with an empty salt, and OKM for an empty info. */
        static final byte[] PRK = HEX.parseHex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        static final byte[] OKM_FIRST_32 = HEX.parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");

        @Test
        void with_an_empty_label_is_rfc_5869_hkdf_expand_of_test_case_3() {
            byte[] probe = "probe".getBytes(UTF_8);
            assertArrayEquals(jdkMac(OKM_FIRST_32, probe), new KeyedHash(PRK).derive("").mac(probe));
        }

        @Test
        void is_keyed_with_the_hmac_of_the_label_and_the_counter_octet() {
            byte[] subKey = jdkMac(KEY, "agreement:a-17\u0001".getBytes(UTF_8));
            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(jdkMac(subKey, "pseudo-4711".getBytes(UTF_8))),
                    new KeyedHash(KEY).derive("agreement:a-17").hash("pseudo-4711"));
        }

        @Test
        void deriveKey_gives_the_bytes_derive_hashes_under() {
            byte[] expected = jdkMac(KEY, "custodian:hospital\u0001".getBytes(UTF_8));
            assertArrayEquals(expected, new KeyedHash(KEY).deriveKey("custodian:hospital"));
            assertEquals(new KeyedHash(expected).hash("pseudo-4711"), new KeyedHash(KEY).derive("custodian:hospital").hash("pseudo-4711"));
        }

        @Test
        void gives_different_hashes_for_different_labels() {
            KeyedHash root = new KeyedHash(KEY);
            assertNotEquals(root.derive("agreement:a-17").hash("pseudo-4711"), root.derive("agreement:a-18").hash("pseudo-4711"));
        }

        @Test
        void gives_the_same_hashes_for_the_same_label() {
            assertEquals(new KeyedHash(KEY).derive("agreement:a-17").hash("pseudo-4711"),
                    new KeyedHash(KEY).derive("agreement:a-17").hash("pseudo-4711"));
        }

        @Test
        void differs_from_the_parent_key() {
            KeyedHash root = new KeyedHash(KEY);
            assertNotEquals(root.hash("pseudo-4711"), root.derive("agreement:a-17").hash("pseudo-4711"));
        }
    }
}
