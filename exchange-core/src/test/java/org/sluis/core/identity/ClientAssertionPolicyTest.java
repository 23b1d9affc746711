package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClientAssertionPolicyTest {

    @Nested
    class Standard {

        @Test
        void allows_5_minutes_of_lifetime_and_30_seconds_of_skew() {
            ClientAssertionPolicy policy = ClientAssertionPolicy.standard(Fixtures.ISSUER, Fixtures.TOKEN_ENDPOINT);
            assertEquals(Duration.ofMinutes(5), policy.maxLifetime());
            assertEquals(Duration.ofSeconds(30), policy.clockSkew());
        }
    }

    @Nested
    class Construct {

        @Test
        void refuses_a_lifetime_over_5_minutes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientAssertionPolicy(
                    Fixtures.ISSUER, Fixtures.TOKEN_ENDPOINT, Duration.ofMinutes(6), Duration.ZERO));
            assertEquals("expected maxLifetime between PT1S and PT5M, found PT6M", e.getMessage());
        }

        @Test
        void refuses_a_negative_skew() {
            assertThrows(IllegalArgumentException.class, () -> new ClientAssertionPolicy(
                    Fixtures.ISSUER, Fixtures.TOKEN_ENDPOINT, Duration.ofMinutes(5), Duration.ofSeconds(-1)));
        }

        @Test
        void refuses_an_issuer_that_is_not_an_absolute_http_url() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientAssertionPolicy.standard("exchange.sluis.test", Fixtures.TOKEN_ENDPOINT));
            assertEquals("expected issuer to be an absolute http or https URL, found 'exchange.sluis.test'", e.getMessage());
        }

        @Test
        void refuses_a_token_endpoint_with_a_query() {
            assertThrows(IllegalArgumentException.class,
                    () -> ClientAssertionPolicy.standard(Fixtures.ISSUER, Fixtures.TOKEN_ENDPOINT + "?x=1"));
        }
    }
}
