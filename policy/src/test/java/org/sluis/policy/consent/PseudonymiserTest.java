package org.sluis.policy.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PseudonymiserTest {
    static final KeyedHash PSEUDONYM_KEY = new KeyedHash(KeyedHashTest.KEY);

    @Test
    void two_agreements_give_the_same_value_different_pseudonyms() {
        assertNotEquals(Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17").pseudonym("123456782"),
                Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-18").pseudonym("123456782"));
    }

    @Test
    void one_agreement_gives_a_value_the_same_pseudonym_every_time() {
        Pseudonymiser first = Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17");
        Pseudonymiser again = Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17");
        assertEquals(first.pseudonym("123456782"), again.pseudonym("123456782"));
    }

    @Test
    void one_agreement_gives_different_values_different_pseudonyms() {
        Pseudonymiser p = Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17");
        assertNotEquals(p.pseudonym("123456782"), p.pseudonym("123456783"));
    }

    @Test
    void an_agreement_pseudonym_is_the_hash_under_the_agreement_sub_key() {
        assertEquals(PSEUDONYM_KEY.derive("agreement:a-17").hash("123456782"),
                Pseudonymiser.forAgreement(PSEUDONYM_KEY, "a-17").pseudonym("123456782"));
    }

    @Test
    void a_pseudonym_is_not_the_value_and_has_43_base64url_characters() {
        String p = new Pseudonymiser(PSEUDONYM_KEY).pseudonym("123456782");
        assertTrue(p.matches("[A-Za-z0-9_-]{43}") && !p.contains("123456782"), p);
    }

    @Test
    void refuses_a_missing_value() {
        assertThrows(NullPointerException.class, () -> new Pseudonymiser(PSEUDONYM_KEY).pseudonym(null));
    }
}
