package org.sluis.contracts.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NegotiationStateTest {

    @Nested
    class IsFinal {

        @Test
        void onlyFinalizedAndTerminatedAreFinal() {
            assertEquals(EnumSet.of(NegotiationState.FINALIZED, NegotiationState.TERMINATED),
                    Stream.of(NegotiationState.values()).filter(NegotiationState::isFinal)
                            .collect(Collectors.toCollection(() -> EnumSet.noneOf(NegotiationState.class))));
        }
    }
}
