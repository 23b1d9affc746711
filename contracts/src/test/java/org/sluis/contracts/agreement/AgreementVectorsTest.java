package org.sluis.contracts.agreement;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluis.contracts.agreement.AgreementVerificationException.Reason;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Walks the committed vectors in {@code vectors/}; see the README there for how they were made. */
class AgreementVectorsTest {

    private static final Path VECTORS = directory();
    private final AgreementVerifier verifier = new AgreementVerifier(publishedKeys());

    private static Path directory() {
        URL url = AgreementVectorsTest.class.getResource("vectors");
        if (url == null) {
            throw new IllegalStateException("expected the test resource directory vectors/, found none");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("expected a file URL for vectors/, found " + url, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JWKSet publishedKeys() {
        try {
            return JWKSet.parse(read(VECTORS.resolve("published-keys.json")));
        } catch (ParseException e) {
            throw new IllegalStateException("expected a JWK set in published-keys.json", e);
        }
    }

    static Stream<String> refused() throws IOException {
        try (Stream<Path> files = Files.list(VECTORS.resolve("refused"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertFalse(names.isEmpty(), "expected refused vectors");
            return names.stream();
        }
    }

    @Nested
    class Valid {

        @ParameterizedTest
        @ValueSource(strings = {"current-key.jws", "rotated-out-key.jws"})
        void a_committed_signature_still_verifies_to_its_recorded_ledger_hash(String name) throws Exception {
            AgreementVerifier.Verified verified = verifier.verify(read(VECTORS.resolve("valid").resolve(name)));

            assertEquals(read(VECTORS.resolve("valid/agreement.sha256")), verified.sha256Hex());
        }

        @Test
        void the_agreement_read_from_a_committed_signature_canonicalises_to_the_signed_bytes() throws Exception {
            AgreementVerifier.Verified verified = verifier.verify(read(VECTORS.resolve("valid/current-key.jws")));

            assertArrayEquals(verified.canonical(), AgreementSigner.canonical(verified.agreement()));
        }
    }

    @Nested
    class Refused {

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.sluis.contracts.agreement.AgreementVectorsTest#refused")
        void each_mutation_is_refused_for_the_reason_its_file_names(String name) {
            Reason expected = Reason.valueOf(name.substring(0, name.indexOf("--")));
            String jws = read(VECTORS.resolve("refused").resolve(name));

            AgreementVerificationException e = assertThrows(AgreementVerificationException.class,
                    () -> verifier.verify(jws));

            assertEquals(expected, e.reason(), e.getMessage());
        }
    }
}
