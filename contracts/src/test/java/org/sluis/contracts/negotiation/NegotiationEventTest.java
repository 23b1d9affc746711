package org.sluis.contracts.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.negotiation.NegotiationEvent.Kind;

class NegotiationEventTest {

    @Nested
    class ExpectedSender {

        @Test
        void consumerEventsComeFromTheConsumerAndProviderEventsFromTheProvider() {
            List<NegotiationEvent> consumer = List.of(new NegotiationEvent.Requested(),
                    new NegotiationEvent.Accepted(), new NegotiationEvent.Verified());
            List<NegotiationEvent> provider = List.of(new NegotiationEvent.Offered(),
                    new NegotiationEvent.Agreed(), new NegotiationEvent.Finalized());

            consumer.forEach(e -> assertEquals(Party.CONSUMER, e.expectedSender(), e::toString));
            provider.forEach(e -> assertEquals(Party.PROVIDER, e.expectedSender(), e::toString));
        }

        @Test
        void aTerminationComesFromThePartyItNames() {
            assertEquals(Party.PROVIDER, new NegotiationEvent.Terminated(Party.PROVIDER, "x").expectedSender());
            assertEquals(Party.CONSUMER, new NegotiationEvent.Terminated(Party.CONSUMER, "x").expectedSender());
        }
    }

    @Nested
    class KindMayBeSentBy {

        @Test
        void onlyTerminationMayBeSentByBothParties() {
            for (Kind kind : Kind.values()) {
                boolean both = kind.mayBeSentBy(Party.CONSUMER) && kind.mayBeSentBy(Party.PROVIDER);
                assertEquals(kind == Kind.TERMINATE, both, kind::toString);
                assertTrue(kind.mayBeSentBy(Party.CONSUMER) || kind.mayBeSentBy(Party.PROVIDER), kind::toString);
            }
        }

        @Test
        void theProviderMayNotVerify() {
            assertFalse(Kind.VERIFY.mayBeSentBy(Party.PROVIDER));
        }
    }

    @Nested
    class Target {

        @Test
        void eachEventLeadsToTheStateNamedAfterIt() {
            assertEquals(NegotiationState.ACCEPTED, new NegotiationEvent.Accepted().target());
            assertEquals(NegotiationState.TERMINATED, new NegotiationEvent.Terminated(Party.CONSUMER, "").target());
        }
    }

    @Nested
    class Terminated {

        @Test
        void rejectsAMissingPartyOrReason() {
            assertThrows(NullPointerException.class, () -> new NegotiationEvent.Terminated(null, "r"));
            assertThrows(NullPointerException.class, () -> new NegotiationEvent.Terminated(Party.CONSUMER, null));
        }

        @Test
        void acceptsAnEmptyReasonBecauseTheProtocolMakesItOptional() {
            assertEquals("", new NegotiationEvent.Terminated(Party.CONSUMER, "").reason());
        }
    }
}
