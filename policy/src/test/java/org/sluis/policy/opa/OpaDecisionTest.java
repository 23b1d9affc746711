package org.sluis.policy.opa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpaDecisionTest {

    @Nested
    class Unreachable {

        @Test
        void denies() {
            assertFalse(OpaDecision.unreachable("connection refused").allow());
        }

        @Test
        void records_the_failure() {
            assertEquals(Optional.of("connection refused"), OpaDecision.unreachable("connection refused").failure());
        }

        @Test
        void gives_a_reason_saying_OPA_was_unreachable_and_why() {
            String reason = OpaDecision.unreachable("no answer within 500 ms").reasons().get(0);
            assertTrue(reason.startsWith("OPA was unreachable"), reason);
            assertTrue(reason.contains("no answer within 500 ms"), reason);
        }

        @Test
        void may_keep_the_decision_id() {
            assertEquals(Optional.of("d-1"), OpaDecision.unreachable("bad shape", Optional.of("d-1")).decisionId());
        }
    }

    @Nested
    class Construction {

        @Test
        void refuses_to_allow_with_a_failure() {
            assertThrows(IllegalArgumentException.class,
                    () -> new OpaDecision(true, List.of(), Optional.empty(), Optional.of("timed out")));
        }

        @Test
        void refuses_to_allow_with_deny_reasons() {
            assertThrows(IllegalArgumentException.class,
                    () -> new OpaDecision(true, List.of("suspended"), Optional.empty(), Optional.empty()));
        }

        @Test
        void a_policy_denial_has_no_failure() {
            OpaDecision denied = OpaDecision.denied(List.of("suspended"), Optional.of("d-2"));
            assertFalse(denied.allow());
            assertFalse(denied.failedClosed());
        }
    }
}
