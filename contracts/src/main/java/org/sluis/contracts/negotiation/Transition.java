package org.sluis.contracts.negotiation;

import java.util.Objects;

/**
 * The outcome of offering one event to {@link NegotiationMachine}: either the negotiation
 * {@link Moved} or the event was {@link Refused}. An illegal transition is an expected outcome and
 * is returned as a value, never thrown.
 */
public sealed interface Transition permits Transition.Moved, Transition.Refused {

    /**
     * The state the negotiation is in after this outcome.
     *
     * @return {@code to} for {@link Moved}, {@code current} for {@link Refused}
     */
    NegotiationState state();

    /**
     * The negotiation moved.
     *
     * @param from the state before, not {@code null} and not final
     * @param to   the state after, not {@code null}
     */
    record Moved(NegotiationState from, NegotiationState to) implements Transition {
        /**
         * Validates the components.
         *
         * @throws NullPointerException     if either state is {@code null}
         * @throws IllegalArgumentException if {@code from} is final
         */
        public Moved {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.isFinal()) {
                throw new IllegalArgumentException("cannot move out of final state " + from);
            }
        }

        /** {@inheritDoc} */
        @Override
        public NegotiationState state() {
            return to;
        }
    }

    /**
     * The event was refused; the negotiation stays where it was.
     *
     * @param current the unchanged state, not {@code null}
     * @param reason  what was expected and what was found, naming {@code current}; not blank
     */
    record Refused(NegotiationState current, String reason) implements Transition {
        /**
         * Validates the components.
         *
         * @throws NullPointerException     if either component is {@code null}
         * @throws IllegalArgumentException if {@code reason} is blank
         */
        public Refused {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("refusal reason must not be blank");
            }
        }

        /** {@inheritDoc} */
        @Override
        public NegotiationState state() {
            return current;
        }
    }
}
