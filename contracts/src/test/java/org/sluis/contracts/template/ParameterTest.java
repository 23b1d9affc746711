package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sluis.contracts.template.Parameter.Kind.INTEGER;
import static org.sluis.contracts.template.Parameter.Kind.TEXT;
import static org.sluis.contracts.template.TemplateFixtures.json;

class ParameterTest {

    @Nested
    class Construct {

        @Test
        void a_required_parameter_with_a_default_is_refused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Parameter("days",
                    INTEGER, true, "Days.", List.of(), Optional.empty(), Optional.empty(), Optional.of(json("3"))));

            assertEquals("expected no default on required parameter 'days', found 3", e.getMessage());
        }

        @Test
        void a_default_that_breaks_the_parameter_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new Parameter("days", INTEGER, false, "Days.",
                    List.of(), Optional.of(1L), Optional.of(5L), Optional.of(json("9"))));
        }

        @Test
        void allowed_values_on_an_integer_are_refused() {
            assertThrows(IllegalArgumentException.class,
                    () -> Parameter.required("days", INTEGER, "Days.").allowing("1"));
        }

        @Test
        void bounds_on_text_are_refused() {
            assertThrows(IllegalArgumentException.class, () -> Parameter.required("note", TEXT, "Note.").between(1, 2));
        }

        @Test
        void a_minimum_above_the_maximum_is_refused() {
            assertThrows(IllegalArgumentException.class,
                    () -> Parameter.required("days", INTEGER, "Days.").between(5, 1));
        }

        @Test
        void a_name_that_is_not_camel_case_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> Parameter.required("retention-days", INTEGER, "Days."));
        }
    }

    @Nested
    class DefaultValue {

        @Test
        void changing_the_returned_default_does_not_change_the_parameter() {
            Parameter p = new Parameter("tags", Parameter.Kind.TEXT_LIST, false, "Tags.", List.of(), Optional.empty(),
                    Optional.empty(), Optional.of(json("[\"a\"]")));
            ((ArrayNode) p.defaultValue().orElseThrow()).add("b");

            assertEquals(json("[\"a\"]"), p.defaultValue().orElseThrow());
        }
    }
}
