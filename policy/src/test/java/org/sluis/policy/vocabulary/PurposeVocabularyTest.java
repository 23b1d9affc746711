package org.sluis.policy.vocabulary;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurposeVocabularyTest {

    private final PurposeVocabulary standard = PurposeVocabulary.standard();

    @Nested
    class WithBroader {
        @Test
        void narrowerPurpose_includesItsAncestors() {
            assertEquals(Set.of("clinical-trial-research", "scientific-research"),
                    standard.withBroader("clinical-trial-research"));
        }

        @Test
        void unknownPurpose_standsAlone() {
            assertEquals(Set.of("marketing"), standard.withBroader("marketing"));
        }
    }

    @Nested
    class IsA {
        @Test
        void epidemiology_isAPublicHealthPurpose() {
            assertTrue(standard.isA("epidemiology", "public-health"));
        }

        @Test
        void broaderPurpose_isNotANarrowerOne() {
            assertFalse(standard.isA("public-health", "epidemiology"));
        }

        @Test
        void everyEhdsPurposeOfTheHealthTemplate_isKnown() {
            for (String p : Set.of("scientific-research", "public-health", "official-statistics", "care-improvement",
                    "education", "policy-making", "predictive-maintenance", "ai-training", "route-planning")) {
                assertTrue(standard.contains(p), p);
            }
        }
    }

    @Nested
    class Of {
        @Test
        void cycle_isRejected() {
            assertThrows(IllegalArgumentException.class, () -> PurposeVocabulary.of(Set.of(),
                    Map.of("a", "b", "b", "a")));
        }

        @Test
        void unknownBroaderPurpose_isRejected() {
            assertThrows(IllegalArgumentException.class, () -> PurposeVocabulary.of(Set.of("a"), Map.of("b", "c")));
        }

        @Test
        void deepChain_isClosed() {
            PurposeVocabulary v = PurposeVocabulary.of(Set.of("a"), Map.of("b", "a", "c", "b"));
            assertEquals(Set.of("a", "b", "c"), v.withBroader("c"));
            assertEquals(Set.of("a", "b", "c"), v.withNarrower("a"));
        }
    }
}
