package org.sluis.contracts.negotiation;

import java.util.Objects;
import java.util.Set;

/**
 * A message that asks to move a contract negotiation to a new state. The closed set mirrors the
 * DSP 2024-1 Contract Negotiation message types (§2.1–§2.6); each event knows which party may send
 * it and which state it leads to. Whether it is legal <em>from the current state</em> is decided by
 * {@link NegotiationMachine}.
 */
public sealed interface NegotiationEvent
        permits NegotiationEvent.Requested, NegotiationEvent.Offered, NegotiationEvent.Accepted,
                NegotiationEvent.Agreed, NegotiationEvent.Verified, NegotiationEvent.Finalized,
                NegotiationEvent.Terminated {

    /**
     * The kind of this event, for callers that need a name rather than an instance.
     *
     * @return the kind, never {@code null}
     */
    Kind kind();

    /**
     * The party this event instance must come from. For {@link Terminated} this is the party named in
     * the event; for every other event it is the only party allowed to send that kind.
     *
     * @return the expected sender, never {@code null}
     */
    default Party expectedSender() {
        return kind().onlySender();
    }

    /**
     * The state this event leads to when it is legal.
     *
     * @return {@code kind().target()}
     */
    default NegotiationState target() {
        return kind().target();
    }

    /**
     * Event kinds with the parties allowed to send them and the state they lead to, following the
     * "Sent by" and "Resulting state" rows of DSP 2024-1 §2.1–§2.6.
     */
    enum Kind {
        /** Contract Request Message (§2.1): consumer, leads to {@code REQUESTED}. */
        REQUEST(Set.of(Party.CONSUMER), NegotiationState.REQUESTED),
        /** Contract Offer Message (§2.2): provider, leads to {@code OFFERED}. */
        OFFER(Set.of(Party.PROVIDER), NegotiationState.OFFERED),
        /** Negotiation Event Message, eventType ACCEPTED (§2.5): consumer, leads to {@code ACCEPTED}. */
        ACCEPT(Set.of(Party.CONSUMER), NegotiationState.ACCEPTED),
        /** Contract Agreement Message (§2.3): provider, leads to {@code AGREED}. */
        AGREE(Set.of(Party.PROVIDER), NegotiationState.AGREED),
        /** Contract Agreement Verification Message (§2.4): consumer, leads to {@code VERIFIED}. */
        VERIFY(Set.of(Party.CONSUMER), NegotiationState.VERIFIED),
        /** Negotiation Event Message, eventType FINALIZED (§2.5): provider, leads to {@code FINALIZED}. */
        FINALIZE(Set.of(Party.PROVIDER), NegotiationState.FINALIZED),
        /** Contract Negotiation Termination Message (§2.6): either party, leads to {@code TERMINATED}. */
        TERMINATE(Set.of(Party.CONSUMER, Party.PROVIDER), NegotiationState.TERMINATED);

        private final Set<Party> senders;
        private final NegotiationState target;

        Kind(Set<Party> senders, NegotiationState target) {
            this.senders = senders;
            this.target = target;
        }

        /**
         * Tells whether the given party may send events of this kind at all (regardless of state).
         *
         * @param party the would-be sender, not {@code null}
         * @return {@code true} if the DSP lets {@code party} send this kind
         */
        public boolean mayBeSentBy(Party party) {
            return senders.contains(Objects.requireNonNull(party, "party"));
        }

        /**
         * The one party that sends events of this kind; {@link Terminated} names its sender itself.
         *
         * @return the sender
         * @throws IllegalStateException for {@code TERMINATE}, which either party may send
         */
        Party onlySender() {
            if (senders.size() != 1) {
                throw new IllegalStateException(this + " may be sent by " + senders + "; the event names its sender");
            }
            return senders.iterator().next();
        }

        /**
         * The state an event of this kind leads to.
         *
         * @return the target state, never {@code null}
         */
        public NegotiationState target() {
            return target;
        }
    }

    /** The consumer requests a contract, or counter-requests after an offer (DSP §2.1). */
    record Requested() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.REQUEST;
        }
    }

    /** The provider makes an offer or a counter-offer (DSP §2.2). */
    record Offered() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.OFFER;
        }
    }

    /** The consumer accepts the provider's latest offer (DSP §2.5, eventType ACCEPTED). */
    record Accepted() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.ACCEPT;
        }
    }

    /**
     * The provider agrees and sends the agreement (DSP §2.3). The exchange may send this on the
     * provider's behalf for an auto-accepting offer.
     */
    record Agreed() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.AGREE;
        }
    }

    /** The consumer verifies the agreement (DSP §2.4). */
    record Verified() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.VERIFY;
        }
    }

    /** The provider finalizes the agreement (DSP §2.5, eventType FINALIZED). */
    record Finalized() implements NegotiationEvent {
        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.FINALIZE;
        }
    }

    /**
     * Either party terminates the negotiation (DSP §2.6).
     *
     * @param by     the party terminating, not {@code null}; must match the actual sender
     * @param reason why, not {@code null}; may be empty, since DSP §2.6 lets a party terminate
     *               without an explanation
     */
    record Terminated(Party by, String reason) implements NegotiationEvent {
        /**
         * Validates the components.
         *
         * @throws NullPointerException if {@code by} or {@code reason} is {@code null}
         */
        public Terminated {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reason, "reason");
        }

        /** {@inheritDoc} */
        @Override
        public Kind kind() {
            return Kind.TERMINATE;
        }

        /** {@inheritDoc} */
        @Override
        public Party expectedSender() {
            return by;
        }
    }
}
