package org.sluis.contracts.negotiation;

import static org.sluis.contracts.negotiation.NegotiationState.ACCEPTED;
import static org.sluis.contracts.negotiation.NegotiationState.AGREED;
import static org.sluis.contracts.negotiation.NegotiationState.OFFERED;
import static org.sluis.contracts.negotiation.NegotiationState.REQUESTED;
import static org.sluis.contracts.negotiation.NegotiationState.VERIFIED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The contract negotiation state machine of the Dataspace Protocol (DSP 2024-1, Contract
 * Negotiation Protocol, §1.2 "State Machine", with senders and resulting states from the message
 * types of §2.1–§2.6). Pure: no I/O, no mutable state.
 *
 * <p>The table implemented, one row per legal move ({@code C} consumer, {@code P} provider):
 *
 * <pre>
 *   from        event        sender  to
 *   REQUESTED   Offered      P       OFFERED      provider (counter-)offer, §2.2
 *   REQUESTED   Agreed       P       AGREED       provider agrees directly, §2.3
 *   OFFERED     Requested    C       REQUESTED    consumer counter-request, §2.1
 *   OFFERED     Accepted     C       ACCEPTED     consumer accepts the offer, §2.5
 *   ACCEPTED    Agreed       P       AGREED       provider agrees, §2.3
 *   AGREED      Verified     C       VERIFIED     consumer verifies, §2.4
 *   VERIFIED    Finalized    P       FINALIZED    provider finalizes, §2.5
 *   any non-final Terminated C or P  TERMINATED   either party terminates, §2.6
 * </pre>
 *
 * <p>Everything else is {@link Transition.Refused}: the wrong party for the event, an event not
 * allowed from the current state, a {@link NegotiationEvent.Terminated} whose {@code by} differs from
 * the actual sender, and anything from {@code FINALIZED} or {@code TERMINATED} ("terminal states
 * are final", §1.2). Starting a negotiation (the consumer's first request or the provider's first
 * offer, which create it in {@code REQUESTED} or {@code OFFERED}) is not a transition and is not
 * modelled here.
 *
 * <p>The exchange's simplified flow is expressible: {@code REQUESTED → AGREED} when the provider (or
 * the exchange on its behalf, for an auto-accepting offer) agrees, then {@code VERIFIED} by the
 * consumer and {@code FINALIZED} by the provider; {@link #apply} runs several steps in one call.
 */
public final class NegotiationMachine {

    /** Legal source states per event kind; the target comes from {@link NegotiationEvent.Kind#target()}. */
    private static final Map<NegotiationEvent.Kind, Set<NegotiationState>> SOURCES = sources();

    private NegotiationMachine() {
    }

    private static Map<NegotiationEvent.Kind, Set<NegotiationState>> sources() {
        Map<NegotiationEvent.Kind, Set<NegotiationState>> map = new EnumMap<>(NegotiationEvent.Kind.class);
        map.put(NegotiationEvent.Kind.REQUEST, EnumSet.of(OFFERED));
        map.put(NegotiationEvent.Kind.OFFER, EnumSet.of(REQUESTED));
        map.put(NegotiationEvent.Kind.ACCEPT, EnumSet.of(OFFERED));
        map.put(NegotiationEvent.Kind.AGREE, EnumSet.of(REQUESTED, ACCEPTED));
        map.put(NegotiationEvent.Kind.VERIFY, EnumSet.of(AGREED));
        map.put(NegotiationEvent.Kind.FINALIZE, EnumSet.of(VERIFIED));
        map.put(NegotiationEvent.Kind.TERMINATE, EnumSet.of(REQUESTED, OFFERED, ACCEPTED, AGREED, VERIFIED));
        map.replaceAll((kind, states) -> Collections.unmodifiableSet(states));
        return Collections.unmodifiableMap(map);
    }

    /**
     * Decides what {@code event}, sent by {@code sender}, does to a negotiation in {@code current}.
     *
     * @param current the negotiation's state, not {@code null}
     * @param event   the event received, not {@code null}
     * @param sender  the authenticated party the event came from, not {@code null}
     * @return {@link Transition.Moved} for a legal move, otherwise {@link Transition.Refused} whose
     *     reason names {@code current}, what was expected and what was found
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Transition next(NegotiationState current, NegotiationEvent event, Party sender) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(sender, "sender");
        NegotiationEvent.Kind kind = event.kind();
        if (current.isFinal()) {
            return new Transition.Refused(current, "negotiation is " + current
                    + ", a final state; " + kind + " from " + sender + " cannot leave it");
        }
        if (!kind.mayBeSentBy(sender)) {
            return new Transition.Refused(current, kind + " may only be sent by " + event.expectedSender()
                    + ", but was sent by " + sender + " (negotiation is " + current + ")");
        }
        if (event.expectedSender() != sender) {
            return new Transition.Refused(current, kind + " names " + event.expectedSender()
                    + " as terminating party, but was sent by " + sender + " (negotiation is " + current + ")");
        }
        Set<NegotiationState> from = SOURCES.get(kind);
        if (!from.contains(current)) {
            return new Transition.Refused(current, kind + " is allowed only from " + from
                    + ", but negotiation is " + current);
        }
        return new Transition.Moved(current, kind.target());
    }

    /**
     * The event kinds {@code party} may send to a negotiation in {@code state}, for APIs that tell a
     * caller what it may do next.
     *
     * @param state the negotiation's state, not {@code null}
     * @param party the would-be sender, not {@code null}
     * @return the allowed kinds in declaration order, unmodifiable; empty for a final state
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Set<NegotiationEvent.Kind> allowedEvents(NegotiationState state, Party party) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(party, "party");
        return Collections.unmodifiableSet(SOURCES.entrySet().stream()
                .filter(e -> e.getKey().mayBeSentBy(party) && e.getValue().contains(state))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(NegotiationEvent.Kind.class))));
    }

    /**
     * Applies {@code steps} in order starting from {@code start}, stopping at the first refusal. Used
     * by the exchange to run several moves in one call, e.g. {@code AGREED → VERIFIED → FINALIZED}.
     *
     * @param start the negotiation's state before the first step, not {@code null}
     * @param steps the events with their senders, not {@code null} and without {@code null} elements
     * @return one outcome per step applied, unmodifiable; the last is the only one that may be
     *     {@link Transition.Refused}; empty if {@code steps} is empty. The negotiation's state is
     *     the last element's {@link Transition#state()}, or {@code start} if empty
     * @throws NullPointerException if an argument or a step is {@code null}
     */
    public static List<Transition> apply(NegotiationState start, List<Step> steps) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(steps, "steps");
        List<Transition> outcomes = new ArrayList<>(steps.size());
        NegotiationState state = start;
        for (Step step : steps) {
            Objects.requireNonNull(step, "step");
            Transition outcome = next(state, step.event(), step.sender());
            outcomes.add(outcome);
            if (outcome instanceof Transition.Refused) {
                break;
            }
            state = outcome.state();
        }
        return List.copyOf(outcomes);
    }

    /**
     * One event together with the party that sent it, for {@link #apply}.
     *
     * @param event  the event, not {@code null}
     * @param sender the party it came from (or on whose behalf the exchange sends it), not {@code null}
     */
    public record Step(NegotiationEvent event, Party sender) {
        /**
         * Validates the components.
         *
         * @throws NullPointerException if a component is {@code null}
         */
        public Step {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(sender, "sender");
        }
    }
}
