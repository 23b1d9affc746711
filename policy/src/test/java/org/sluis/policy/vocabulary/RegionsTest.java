package org.sluis.policy.vocabulary;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionsTest {

    private final Regions standard = Regions.standard();

    @Test
    void province_isPartOfTheNetherlandsAndTheEu() {
        assertEquals(Set.of("NL-NH", "NL", "EU"), standard.withEnclosing("NL-NH"));
    }

    @Test
    void euContains27MemberStatesAnd12Provinces() {
        assertEquals(1 + 27 + 12, standard.withContained("EU").size());
        assertEquals(27, Set.copyOf(Regions.EU_MEMBERS).size());
        assertEquals(12, Set.copyOf(Regions.NL_PROVINCES).size());
    }

    @Test
    void nonEuCountries_areKnownButOutsideTheEu() {
        for (String c : Set.of("GB", "US", "CH", "NO")) {
            assertTrue(standard.contains(c), c);
            assertFalse(standard.isPartOf(c, "EU"), c);
        }
    }

    @Test
    void unknownCode_isNotContained() {
        assertFalse(standard.contains("XX"));
    }

    @Test
    void countryIsNotPartOfItsProvince() {
        assertFalse(standard.isPartOf("NL", "NL-NH"));
    }
}
