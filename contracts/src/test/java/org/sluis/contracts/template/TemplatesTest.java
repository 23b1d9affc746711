package org.sluis.contracts.template;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatesTest {

    @Nested
    class All {

        @Test
        void lists_the_four_standard_templates_in_order() {
            assertEquals(List.of("health-secondary-use", "mobility-maas", "corridor-industrial", "open-research"),
                    Templates.all().stream().map(ContractTemplate::id).toList());
        }

        @Test
        void every_template_is_version_one_point_zero() {
            Templates.all().forEach(t -> assertEquals("1.0", t.version(), t.id()));
        }

        @Test
        void every_summary_has_two_to_four_sentences() {
            for (ContractTemplate t : Templates.all()) {
                long sentences = t.summary().chars().filter(c -> c == '.').count();
                assertTrue(sentences >= 2 && sentences <= 4, t.id() + " has " + sentences + " sentences");
            }
        }

        @Test
        void the_list_cannot_be_changed() {
            assertThrows(UnsupportedOperationException.class,
                    () -> Templates.all().clear());
        }
    }

    @Nested
    class Find {

        @Test
        void finds_a_template_by_its_id() {
            assertSame(Templates.all().get(2), Templates.find("corridor-industrial").orElseThrow());
        }

        @Test
        void an_unknown_id_is_empty() {
            assertEquals(Optional.empty(), Templates.find("health-primary-use"));
        }

        @Test
        void ids_are_matched_exactly() {
            assertEquals(Optional.empty(), Templates.find("Open-Research"));
        }
    }
}
