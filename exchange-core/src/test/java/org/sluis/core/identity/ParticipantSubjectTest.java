package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ParticipantSubjectTest {

    private static ParticipantSubject withId(String id) {
        return new ParticipantSubject(id, "Acme Health B.V.", "12345678", "NL");
    }

    private static ParticipantSubject withLegalName(String legalName) {
        return new ParticipantSubject("acme", legalName, "12345678", "NL");
    }

    private static ParticipantSubject withRegistrationNumber(String number) {
        return new ParticipantSubject("acme", "Acme Health B.V.", number, "NL");
    }

    private static ParticipantSubject withRegion(String region) {
        return new ParticipantSubject("acme", "Acme Health B.V.", "12345678", region);
    }

    @Nested
    class ParticipantId {

        @ParameterizedTest
        @ValueSource(strings = {"ab", "acme", "umc-utrecht", "0-9", "a123456789012345678901234567890123456789012345678901234567890bc"})
        void accepts_slugs_of_2_to_63_characters(String id) {
            assertEquals(id, withId(id).participantId());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "a", "-acme", "Acme", "acme_health", "acme.nl", "acme health", "ácme",
            "a1234567890123456789012345678901234567890123456789012345678901bc"})
        void refuses_anything_else_naming_what_it_found(String id) {
            var e = assertThrows(IllegalArgumentException.class, () -> withId(id));
            assertTrue(e.getMessage().contains("participant id: expected"), e.getMessage());
            assertTrue(e.getMessage().contains("found \"" + id + "\""), e.getMessage());
        }

        @Test
        void isParticipantId_is_false_for_null() {
            assertFalse(ParticipantSubject.isParticipantId(null));
        }
    }

    @Nested
    class LegalName {

        @Test
        void accepts_unicode_letters_and_punctuation() {
            assertEquals("Université d'Amsterdam & Zoon", withLegalName("Université d'Amsterdam & Zoon").legalName());
        }

        @Test
        void accepts_exactly_200_characters() {
            assertEquals(200, withLegalName("x".repeat(200)).legalName().length());
        }

        @Test
        void refuses_201_characters() {
            var e = assertThrows(IllegalArgumentException.class, () -> withLegalName("x".repeat(201)));
            assertEquals("legal name: expected 1..200 characters, found 201", e.getMessage());
        }

        @Test
        void refuses_an_empty_name() {
            assertThrows(IllegalArgumentException.class, () -> withLegalName(""));
        }

        @Test
        void refuses_leading_or_trailing_whitespace() {
            assertThrows(IllegalArgumentException.class, () -> withLegalName(" Acme"));
        }

        @Test
        void refuses_a_control_character() {
            var e = assertThrows(IllegalArgumentException.class, () -> withLegalName("Acme\nCN=operator"));
            assertTrue(e.getMessage().contains("U+000A"), e.getMessage());
        }

        @Test
        void refuses_a_right_to_left_override_that_would_disguise_the_name() {
            var e = assertThrows(IllegalArgumentException.class, () -> withLegalName("Acme \u202Elatipsoh"));
            assertTrue(e.getMessage().contains("U+202E"), e.getMessage());
        }

        @Test
        void refuses_a_zero_width_character() {
            assertThrows(IllegalArgumentException.class, () -> withLegalName("Ac\u200Bme"));
        }
    }

    @Nested
    class RegistrationNumber {

        @ParameterizedTest
        @ValueSource(strings = {"1", "12345678", "00000001234567890000", "NL 123.456-B01"})
        void accepts_letters_digits_spaces_dots_and_hyphens(String number) {
            assertEquals(number, withRegistrationNumber(number).registrationNumber());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "123/456", "12345678,CN=x", "1234\u00A05678"})
        void refuses_other_characters_and_blanks(String number) {
            var e = assertThrows(IllegalArgumentException.class, () -> withRegistrationNumber(number));
            assertTrue(e.getMessage().startsWith("registration number: expected"), e.getMessage());
        }

        @Test
        void refuses_65_characters() {
            assertThrows(IllegalArgumentException.class, () -> withRegistrationNumber("1".repeat(65)));
        }
    }

    @Nested
    class Region {

        @Test
        void a_country_code_is_its_own_country() {
            assertEquals("NL", withRegion("NL").country());
        }

        @Test
        void a_subdivision_code_yields_its_country() {
            assertEquals("NL", withRegion("NL-NH").country());
            assertEquals("BE", withRegion("BE-VAN").country());
        }

        @ParameterizedTest
        @ValueSource(strings = {"nl", "nl-nh", "NLD", "NL-", "NL-NHXX", "N", "NL_NH", ""})
        void refuses_malformed_codes(String region) {
            var e = assertThrows(IllegalArgumentException.class, () -> withRegion(region));
            assertTrue(e.getMessage().startsWith("region: expected"), e.getMessage());
        }

        @Test
        void refuses_a_well_formed_code_that_iso_3166_does_not_assign() {
            var e = assertThrows(IllegalArgumentException.class, () -> withRegion("XX-NH"));
            assertEquals("region: expected an ISO 3166-1 country code, found \"XX\" in \"XX-NH\"", e.getMessage());
        }
    }

    @Nested
    class ToX500Name {

        @Test
        void prints_cn_first_and_encodes_country_first() {
            var name = CaTestPki.acme().toX500Name();

            assertEquals(new X500Principal("CN=acme, O=Acme Health B.V., SERIALNUMBER=12345678, C=NL"),
                    new X500Principal(assertEncoded(name)));
            assertEquals(BCStyle.C, name.getRDNs()[0].getFirst().getType());
        }

        @Test
        void keeps_a_legal_name_with_dn_syntax_as_one_organisation_value() {
            var name = withLegalName("Acme, CN=operator").toX500Name();

            assertEquals(1, name.getRDNs(BCStyle.CN).length);
            assertEquals("acme", name.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString());
            assertEquals("Acme, CN=operator", name.getRDNs(BCStyle.O)[0].getFirst().getValue().toString());
        }

        private byte[] assertEncoded(X500Name name) {
            try {
                return name.getEncoded();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }
}
