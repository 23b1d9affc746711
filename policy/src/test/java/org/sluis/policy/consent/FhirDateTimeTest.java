package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FhirDateTimeTest {

    @Nested
    class Start {
        @ParameterizedTest(name = "{0} starts at {1}")
        @CsvSource({
            "2026, 2026-01-01T00:00:00Z",
            "2026-02, 2026-02-01T00:00:00Z",
            "2026-02-03, 2026-02-03T00:00:00Z",
            "2026-02-03T10:15:30Z, 2026-02-03T10:15:30Z",
            "2026-02-03T10:15:30+01:00, 2026-02-03T09:15:30Z",
            "2026-02-03T10:15:30.25-05:00, 2026-02-03T15:15:30.25Z"})
        void is_the_first_instant_the_value_matches(String text, String expected) {
            assertEquals(Instant.parse(expected), FhirDateTime.start(text));
        }
    }

    @Nested
    class End {
        @ParameterizedTest(name = "{0} ends before {1}")
        @CsvSource({
            "2026, 2027-01-01T00:00:00Z",
            "2026-02, 2026-03-01T00:00:00Z",
            "2026-12, 2027-01-01T00:00:00Z",
            "2028-02-28, 2028-02-29T00:00:00Z",
            "2026-12-31, 2027-01-01T00:00:00Z",
            "2026-02-03T10:15:30Z, 2026-02-03T10:15:31Z",
            "2026-02-03T10:15:30.25Z, 2026-02-03T10:15:30.26Z",
            "2026-02-03T10:15:30.123456789Z, 2026-02-03T10:15:30.12345679Z",
            "2026-02-03T23:59:59+01:00, 2026-02-03T23:00:00Z"})
        void is_the_first_instant_after_everything_the_value_matches(String text, String expected) {
            assertEquals(Instant.parse(expected), FhirDateTime.endExclusive(text));
        }
    }

    @Nested
    class Refuses {
        @ParameterizedTest
        @ValueSource(strings = {"", "26", "2026-2-3", "2026-02-30", "2026-13", "2026-02-03T10:15Z", "2026-02-03T10:15:30",
            "2026-02-03T25:00:00Z", "2026-02-03T10:15:30.1234567890Z", "2026-02-03 10:15:30Z", "tomorrow"})
        void what_is_not_a_fhir_date_time(String text) {
            assertThrows(IllegalArgumentException.class, () -> FhirDateTime.start(text));
        }
    }
}
