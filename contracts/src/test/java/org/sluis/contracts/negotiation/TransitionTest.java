package org.sluis.contracts.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TransitionTest {

    @Nested
    class Moved {

        @Test
        void rejectsMovingOutOfAFinalState() {
            assertThrows(IllegalArgumentException.class,
                    () -> new Transition.Moved(NegotiationState.FINALIZED, NegotiationState.TERMINATED));
        }

        @Test
        void itsStateIsTheTarget() {
            assertEquals(NegotiationState.AGREED,
                    new Transition.Moved(NegotiationState.REQUESTED, NegotiationState.AGREED).state());
        }
    }

    @Nested
    class Refused {

        @Test
        void rejectsABlankReason() {
            assertThrows(IllegalArgumentException.class,
                    () -> new Transition.Refused(NegotiationState.OFFERED, " "));
        }

        @Test
        void itsStateIsTheUnchangedCurrentState() {
            assertEquals(NegotiationState.OFFERED,
                    new Transition.Refused(NegotiationState.OFFERED, "no").state());
        }
    }
}
