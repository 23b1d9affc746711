package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccessTokenPolicyTest {

    @Nested
    class Standard {

        @Test
        void addresses_the_v1_api_for_5_minutes_with_30_seconds_of_skew() {
            AccessTokenPolicy policy = AccessTokenPolicy.standard("https://exchange.sluis.test");
            assertEquals("https://exchange.sluis.test/v1", policy.audience());
            assertEquals(Duration.ofMinutes(5), policy.lifetime());
            assertEquals(Duration.ofSeconds(30), policy.clockSkew());
        }
    }

    @Nested
    class Construct {

        @Test
        void refuses_an_issuer_with_a_trailing_slash() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AccessTokenPolicy.standard("https://exchange.sluis.test/"));
            assertEquals("expected issuer without a trailing slash, found 'https://exchange.sluis.test/'", e.getMessage());
        }

        @Test
        void refuses_a_lifetime_over_an_hour() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AccessTokenPolicy(
                    Fixtures.ISSUER, Fixtures.API, Duration.ofHours(2), Duration.ZERO));
            assertEquals("expected lifetime between PT1S and PT1H, found PT2H", e.getMessage());
        }
    }
}
