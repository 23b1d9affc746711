package org.sluis.contracts.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sluis.contracts.negotiation.NegotiationState.ACCEPTED;
import static org.sluis.contracts.negotiation.NegotiationState.AGREED;
import static org.sluis.contracts.negotiation.NegotiationState.FINALIZED;
import static org.sluis.contracts.negotiation.NegotiationState.OFFERED;
import static org.sluis.contracts.negotiation.NegotiationState.REQUESTED;
import static org.sluis.contracts.negotiation.NegotiationState.TERMINATED;
import static org.sluis.contracts.negotiation.NegotiationState.VERIFIED;
import static org.sluis.contracts.negotiation.Party.CONSUMER;
import static org.sluis.contracts.negotiation.Party.PROVIDER;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sluis.contracts.negotiation.NegotiationEvent.Accepted;
import org.sluis.contracts.negotiation.NegotiationEvent.Agreed;
import org.sluis.contracts.negotiation.NegotiationEvent.Finalized;
import org.sluis.contracts.negotiation.NegotiationEvent.Kind;
import org.sluis.contracts.negotiation.NegotiationEvent.Offered;
import org.sluis.contracts.negotiation.NegotiationEvent.Requested;
import org.sluis.contracts.negotiation.NegotiationEvent.Terminated;
import org.sluis.contracts.negotiation.NegotiationEvent.Verified;
import org.sluis.contracts.negotiation.NegotiationMachine.Step;
import org.sluis.contracts.negotiation.Transition.Moved;
import org.sluis.contracts.negotiation.Transition.Refused;

class NegotiationMachineTest {

    /**
     * Reference table, written out independently of the implementation from DSP 2024-1 §1.2 and
     * §2.1–§2.6: (from, kind, sender) → to. Anything absent must be refused.
     */
    private static final Map<String, NegotiationState> LEGAL = Map.ofEntries(
            Map.entry(key(REQUESTED, Kind.OFFER, PROVIDER), OFFERED),
            Map.entry(key(REQUESTED, Kind.AGREE, PROVIDER), AGREED),
            Map.entry(key(OFFERED, Kind.REQUEST, CONSUMER), REQUESTED),
            Map.entry(key(OFFERED, Kind.ACCEPT, CONSUMER), ACCEPTED),
            Map.entry(key(ACCEPTED, Kind.AGREE, PROVIDER), AGREED),
            Map.entry(key(AGREED, Kind.VERIFY, CONSUMER), VERIFIED),
            Map.entry(key(VERIFIED, Kind.FINALIZE, PROVIDER), FINALIZED),
            Map.entry(key(REQUESTED, Kind.TERMINATE, CONSUMER), TERMINATED),
            Map.entry(key(REQUESTED, Kind.TERMINATE, PROVIDER), TERMINATED),
            Map.entry(key(OFFERED, Kind.TERMINATE, CONSUMER), TERMINATED),
            Map.entry(key(OFFERED, Kind.TERMINATE, PROVIDER), TERMINATED),
            Map.entry(key(ACCEPTED, Kind.TERMINATE, CONSUMER), TERMINATED),
            Map.entry(key(ACCEPTED, Kind.TERMINATE, PROVIDER), TERMINATED),
            Map.entry(key(AGREED, Kind.TERMINATE, CONSUMER), TERMINATED),
            Map.entry(key(AGREED, Kind.TERMINATE, PROVIDER), TERMINATED),
            Map.entry(key(VERIFIED, Kind.TERMINATE, CONSUMER), TERMINATED),
            Map.entry(key(VERIFIED, Kind.TERMINATE, PROVIDER), TERMINATED));

    private static String key(NegotiationState from, Kind kind, Party sender) {
        return from + "/" + kind + "/" + sender;
    }

    /** An event of {@code kind} whose declared party is {@code sender} where the kind allows it. */
    private static NegotiationEvent eventOf(Kind kind, Party sender) {
        switch (kind) {
            case REQUEST: return new Requested();
            case OFFER: return new Offered();
            case ACCEPT: return new Accepted();
            case AGREE: return new Agreed();
            case VERIFY: return new Verified();
            case FINALIZE: return new Finalized();
            case TERMINATE: return new Terminated(sender, "test");
            default: throw new AssertionError("unknown kind " + kind);
        }
    }

    private static Optional<NegotiationState> expected(NegotiationState from, Kind kind, Party sender) {
        return Optional.ofNullable(LEGAL.get(key(from, kind, sender)));
    }

    /** Every (state, event kind, sender) triple: 7 × 7 × 2 = 98. */
    static Stream<Arguments> everyTriple() {
        List<Arguments> triples = new ArrayList<>();
        for (NegotiationState state : NegotiationState.values()) {
            for (Kind kind : Kind.values()) {
                for (Party sender : Party.values()) {
                    triples.add(Arguments.of(state, kind, sender));
                }
            }
        }
        return triples.stream();
    }

    static Stream<Arguments> legalTriples() {
        return everyTriple().filter(a -> expected((NegotiationState) a.get()[0], (Kind) a.get()[1],
                (Party) a.get()[2]).isPresent());
    }

    static Stream<Arguments> illegalTriples() {
        return everyTriple().filter(a -> expected((NegotiationState) a.get()[0], (Kind) a.get()[1],
                (Party) a.get()[2]).isEmpty());
    }

    static Stream<Arguments> nonFinalStatesAndParties() {
        return Stream.of(NegotiationState.values()).filter(s -> !s.isFinal())
                .flatMap(s -> Stream.of(Party.values()).map(p -> Arguments.of(s, p)));
    }

    private static Step consumer(NegotiationEvent event) {
        return new Step(event, CONSUMER);
    }

    private static Step provider(NegotiationEvent event) {
        return new Step(event, PROVIDER);
    }

    @Nested
    class Next {

        @ParameterizedTest(name = "{0} + {1} from {2}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#everyTriple")
        void everyTripleIsEitherItsSingleTableEntryOrARefusalNamingTheCurrentState(
                NegotiationState state, Kind kind, Party sender) {
            Transition outcome = NegotiationMachine.next(state, eventOf(kind, sender), sender);

            Optional<NegotiationState> to = expected(state, kind, sender);
            if (to.isPresent()) {
                assertEquals(new Moved(state, to.get()), outcome);
            } else {
                Refused refused = assertInstanceOf(Refused.class, outcome);
                assertEquals(state, refused.current());
                assertTrue(refused.reason().contains(state.name()),
                        () -> "reason should name " + state + ": " + refused.reason());
            }
        }

        @ParameterizedTest(name = "{0} + {1} from {2}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#legalTriples")
        void everyLegalTransitionMovesToTheEventsTarget(NegotiationState state, Kind kind, Party sender) {
            Transition outcome = NegotiationMachine.next(state, eventOf(kind, sender), sender);

            Moved moved = assertInstanceOf(Moved.class, outcome);
            assertEquals(state, moved.from());
            assertEquals(kind.target(), moved.to());
        }

        @ParameterizedTest(name = "{0} + {1} from {2}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#illegalTriples")
        void everyIllegalTransitionIsRefusedAndLeavesTheStateUnchanged(
                NegotiationState state, Kind kind, Party sender) {
            Transition outcome = NegotiationMachine.next(state, eventOf(kind, sender), sender);

            assertInstanceOf(Refused.class, outcome);
            assertEquals(state, outcome.state());
        }

        @ParameterizedTest(name = "{0} terminated by {1}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#nonFinalStatesAndParties")
        void eitherPartyMayTerminateFromEveryNonFinalState(NegotiationState state, Party party) {
            Transition outcome = NegotiationMachine.next(state, new Terminated(party, "no longer needed"), party);

            assertEquals(new Moved(state, TERMINATED), outcome);
        }

        @ParameterizedTest(name = "{0} terminated by {1} claiming the other party")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#nonFinalStatesAndParties")
        void aTerminationNamingTheOtherPartyIsRefused(NegotiationState state, Party sender) {
            Party other = sender == CONSUMER ? PROVIDER : CONSUMER;

            Transition outcome = NegotiationMachine.next(state, new Terminated(other, "spoofed"), sender);

            Refused refused = assertInstanceOf(Refused.class, outcome);
            assertTrue(refused.reason().contains(state.name()), refused.reason());
            assertTrue(refused.reason().contains(sender.name()), refused.reason());
        }

        @ParameterizedTest(name = "nothing leaves {0}")
        @EnumSource(value = NegotiationState.class, names = {"FINALIZED", "TERMINATED"})
        void nothingLeavesAFinalStateWhateverTheEventOrSender(NegotiationState state) {
            for (Kind kind : Kind.values()) {
                for (Party sender : Party.values()) {
                    Transition outcome = NegotiationMachine.next(state, eventOf(kind, sender), sender);

                    Refused refused = assertInstanceOf(Refused.class, outcome);
                    assertTrue(refused.reason().contains("final"), refused.reason());
                }
            }
        }

        @Test
        void aWrongPartyRefusalSaysWhichPartyWasExpectedAndWhichWasFound() {
            Transition outcome = NegotiationMachine.next(REQUESTED, new Agreed(), CONSUMER);

            assertEquals(new Refused(REQUESTED,
                    "AGREE may only be sent by PROVIDER, but was sent by CONSUMER (negotiation is REQUESTED)"),
                    outcome);
        }

        @Test
        void aWrongStateRefusalSaysWhichStatesWereExpectedAndWhichWasFound() {
            Transition outcome = NegotiationMachine.next(OFFERED, new Agreed(), PROVIDER);

            assertEquals(new Refused(OFFERED,
                    "AGREE is allowed only from [REQUESTED, ACCEPTED], but negotiation is OFFERED"), outcome);
        }

        @Test
        void nullArgumentsAreProgrammingErrors() {
            assertThrows(NullPointerException.class, () -> NegotiationMachine.next(null, new Agreed(), PROVIDER));
            assertThrows(NullPointerException.class, () -> NegotiationMachine.next(REQUESTED, null, PROVIDER));
            assertThrows(NullPointerException.class, () -> NegotiationMachine.next(REQUESTED, new Agreed(), null));
        }
    }

    @Nested
    class Apply {

        @Test
        void theAutoAcceptPathRunsFromRequestedThroughAgreedAndVerifiedToFinalized() {
            List<Transition> outcomes = NegotiationMachine.apply(REQUESTED, List.of(
                    provider(new Agreed()), consumer(new Verified()), provider(new Finalized())));

            assertEquals(List.of(new Moved(REQUESTED, AGREED), new Moved(AGREED, VERIFIED),
                    new Moved(VERIFIED, FINALIZED)), outcomes);
        }

        @Test
        void theExchangeMayRunAgreedToFinalizedInOneCall() {
            List<Transition> outcomes = NegotiationMachine.apply(AGREED, List.of(
                    consumer(new Verified()), provider(new Finalized())));

            assertEquals(List.of(new Moved(AGREED, VERIFIED), new Moved(VERIFIED, FINALIZED)), outcomes);
        }

        @Test
        void aCounterOfferLoopReachesAgreed() {
            List<Transition> outcomes = NegotiationMachine.apply(REQUESTED, List.of(
                    provider(new Offered()), consumer(new Requested()), provider(new Offered()),
                    consumer(new Accepted()), provider(new Agreed())));

            assertEquals(List.of(new Moved(REQUESTED, OFFERED), new Moved(OFFERED, REQUESTED),
                    new Moved(REQUESTED, OFFERED), new Moved(OFFERED, ACCEPTED), new Moved(ACCEPTED, AGREED)),
                    outcomes);
        }

        @Test
        void stopsAtTheFirstRefusalAndReportsItLast() {
            List<Transition> outcomes = NegotiationMachine.apply(AGREED, List.of(
                    provider(new Finalized()), consumer(new Verified())));

            assertEquals(1, outcomes.size());
            Refused refused = assertInstanceOf(Refused.class, outcomes.get(0));
            assertEquals(AGREED, refused.current());
        }

        @Test
        void stopsAfterTerminationBecauseNothingLeavesTerminated() {
            List<Transition> outcomes = NegotiationMachine.apply(OFFERED, List.of(
                    consumer(new Terminated(CONSUMER, "")), consumer(new Accepted()), provider(new Agreed())));

            assertEquals(2, outcomes.size());
            assertEquals(new Moved(OFFERED, TERMINATED), outcomes.get(0));
            assertEquals(TERMINATED, assertInstanceOf(Refused.class, outcomes.get(1)).current());
        }

        @Test
        void noStepsGiveNoOutcomes() {
            assertEquals(List.of(), NegotiationMachine.apply(VERIFIED, List.of()));
        }

        @Test
        void theResultIsUnmodifiable() {
            List<Transition> outcomes = NegotiationMachine.apply(VERIFIED, List.of(provider(new Finalized())));

            assertThrows(UnsupportedOperationException.class, () -> outcomes.add(new Moved(VERIFIED, FINALIZED)));
        }
    }

    @Nested
    class AllowedEvents {

        @ParameterizedTest(name = "{0} as {1}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#allStatesAndParties")
        void listsExactlyTheKindsTheReferenceTableLetsThatPartySendFromThatState(
                NegotiationState state, Party party) {
            Set<Kind> expected = EnumSet.noneOf(Kind.class);
            for (Kind kind : Kind.values()) {
                if (expected(state, kind, party).isPresent()) {
                    expected.add(kind);
                }
            }

            assertEquals(expected, NegotiationMachine.allowedEvents(state, party));
        }

        @ParameterizedTest(name = "{0} as {1}")
        @MethodSource("org.sluis.contracts.negotiation.NegotiationMachineTest#allStatesAndParties")
        void agreesWithNextForEveryKind(NegotiationState state, Party party) {
            Set<Kind> allowed = NegotiationMachine.allowedEvents(state, party);
            for (Kind kind : Kind.values()) {
                boolean moves = NegotiationMachine.next(state, eventOf(kind, party), party) instanceof Moved;
                assertEquals(allowed.contains(kind), moves, () -> kind + " from " + state + " by " + party);
            }
        }

        @Test
        void theProviderMayOfferAgreeOrTerminateARequest() {
            assertEquals(EnumSet.of(Kind.OFFER, Kind.AGREE, Kind.TERMINATE),
                    NegotiationMachine.allowedEvents(REQUESTED, PROVIDER));
        }

        @Test
        void nobodyMayDoAnythingOnceFinalized() {
            assertTrue(NegotiationMachine.allowedEvents(FINALIZED, CONSUMER).isEmpty());
            assertTrue(NegotiationMachine.allowedEvents(FINALIZED, PROVIDER).isEmpty());
        }

        @Test
        void theResultIsUnmodifiable() {
            Set<Kind> allowed = NegotiationMachine.allowedEvents(OFFERED, CONSUMER);

            assertThrows(UnsupportedOperationException.class, () -> allowed.add(Kind.FINALIZE));
        }
    }

    static Stream<Arguments> allStatesAndParties() {
        return Stream.of(NegotiationState.values())
                .flatMap(s -> Stream.of(Party.values()).map(p -> Arguments.of(s, p)));
    }
}
