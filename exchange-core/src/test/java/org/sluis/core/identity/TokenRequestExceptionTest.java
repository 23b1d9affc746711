package org.sluis.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TokenRequestExceptionTest {

    @Nested
    class Description {

        @Test
        void replaces_characters_RFC_6749_forbids_in_error_description() {
            TokenRequestException e = new TokenRequestException(TokenError.INVALID_CLIENT, "a\"b\\c\u00e9d\ne");
            assertEquals("a?b?c?d?e", e.description());
        }

        @Test
        void is_bounded_to_512_characters() {
            TokenRequestException e = new TokenRequestException(TokenError.INVALID_CLIENT, "x".repeat(2000));
            assertEquals(512, e.description().length());
        }
    }

    @Nested
    class Error {

        @Test
        void invalid_client_answers_401_and_the_others_400() {
            assertEquals("invalid_client", TokenError.INVALID_CLIENT.code());
            assertEquals(401, TokenError.INVALID_CLIENT.httpStatus());
            assertEquals(400, TokenError.UNAUTHORIZED_CLIENT.httpStatus());
            assertEquals(400, TokenError.INVALID_REQUEST.httpStatus());
        }
    }
}
