package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ConsentTest {
    static final String HASH = ConsentIndexTest.hash(1);
    static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void refuses_a_raw_subject_id() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Consent("pseudo-4711", Optional.of("d"),
                Optional.empty(), Set.of(), Set.of(), Optional.empty(), Optional.empty(), true));
        assertEquals("expected a subject hash (base64url HMAC-SHA-256, 43 characters), found pseudo-4711", e.getMessage());
    }

    @Test
    void refuses_both_a_dataset_and_a_category() {
        assertThrows(IllegalArgumentException.class, () -> new Consent(HASH, Optional.of("d"), Optional.of("health"), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), true));
    }

    @Test
    void refuses_neither_a_dataset_nor_a_category() {
        assertThrows(IllegalArgumentException.class, () -> new Consent(HASH, Optional.empty(), Optional.empty(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), true));
    }

    @Test
    void refuses_an_empty_period() {
        assertThrows(IllegalArgumentException.class, () -> new Consent(HASH, Optional.of("d"), Optional.empty(), Set.of(), Set.of(),
                Optional.of(T), Optional.of(T), true));
    }

    @Test
    void copies_its_sets() {
        Set<String> purposes = new HashSet<>(Set.of("scientific-research"));
        Consent c = new Consent(HASH, Optional.of("d"), Optional.empty(), purposes, Set.of(), Optional.empty(), Optional.empty(), true);
        purposes.add("marketing");
        assertEquals(Set.of("scientific-research"), c.purposes());
    }
}
