package org.sluis.policy.opa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpaConfigTest {

    private static final URI OPA = URI.create("http://localhost:8181");

    @Nested
    class Of {

        @Test
        void asks_the_baseline_result_with_a_500_ms_timeout() {
            OpaConfig config = OpaConfig.of(OPA);
            assertEquals("sluis/baseline/result", config.path());
            assertEquals(Duration.ofMillis(500), config.timeout());
        }
    }

    @Nested
    class DataUri {

        @Test
        void is_the_data_api_url_of_the_decision_document() {
            assertEquals(URI.create("http://localhost:8181/v1/data/sluis/baseline/result"), OpaConfig.of(OPA).dataUri());
        }

        @Test
        void does_not_double_a_trailing_slash_of_the_url() {
            assertEquals(URI.create("http://localhost:8181/v1/data/sluis/baseline/result"),
                    OpaConfig.of(URI.create("http://localhost:8181/")).dataUri());
        }

        @Test
        void keeps_a_path_prefix() {
            assertEquals(URI.create("https://policy.example/opa/v1/data/sluis/baseline/result"),
                    OpaConfig.of(URI.create("https://policy.example/opa")).dataUri());
        }

        @Test
        void accepts_a_path_written_with_surrounding_slashes() {
            OpaConfig config = new OpaConfig(OPA, "/acme/authz/allow/", Duration.ofSeconds(1));
            assertEquals("acme/authz/allow", config.path());
            assertEquals(URI.create("http://localhost:8181/v1/data/acme/authz/allow"), config.dataUri());
        }
    }

    @Nested
    class DocumentRef {

        @Test
        void is_the_rego_reference_of_the_path() {
            assertEquals("data.sluis.baseline.result", OpaConfig.of(OPA).documentRef());
        }
    }

    @Nested
    class Construction {

        @ParameterizedTest
        @ValueSource(strings = {"ftp://localhost:8181", "localhost:8181", "/v1/data", "file:///tmp/opa"})
        void rejects_what_is_not_an_absolute_http_url(String url) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpaConfig.of(URI.create(url)));
            assertTrue(e.getMessage().startsWith("expected opa.url to be an absolute http(s) URL"), e.getMessage());
        }

        @Test
        void rejects_credentials_in_the_url_without_repeating_them() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OpaConfig.of(URI.create("http://admin:hunter2@localhost:8181")));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }

        @Test
        void rejects_a_query() {
            assertThrows(IllegalArgumentException.class, () -> OpaConfig.of(URI.create("http://localhost:8181?pretty=true")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "/", "sluis.baseline.result", "sluis//result", "sluis/base line", "../secret"})
        void rejects_what_is_not_a_slash_separated_data_path(String path) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OpaConfig(OPA, path, Duration.ofSeconds(1)));
            assertTrue(e.getMessage().startsWith("expected opa.path"), e.getMessage());
        }

        @Test
        void rejects_a_zero_timeout() {
            assertThrows(IllegalArgumentException.class, () -> new OpaConfig(OPA, OpaConfig.DEFAULT_PATH, Duration.ZERO));
        }

        @Test
        void rejects_a_negative_timeout() {
            assertThrows(IllegalArgumentException.class,
                    () -> new OpaConfig(OPA, OpaConfig.DEFAULT_PATH, Duration.ofMillis(-1)));
        }
    }
}
