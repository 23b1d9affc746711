package org.sluis.core.negotiation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.contracts.negotiation.NegotiationEvent;
import org.sluis.contracts.negotiation.NegotiationMachine;
import org.sluis.contracts.negotiation.NegotiationState;
import org.sluis.contracts.negotiation.Party;
import org.sluis.contracts.negotiation.Transition;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Catalog;
import org.sluis.core.catalog.Dataset;
import org.sluis.core.catalog.Iris;
import org.sluis.core.catalog.OfferFit;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.KeyRing;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * Contract negotiation (Dataspace Protocol states) on PostgreSQL. Blocking: call from the
 * database worker pool.
 *
 * <p>The exchange's flow: the consumer's request creates the negotiation in REQUESTED. The
 * provider agrees (or, for an auto-accepting offer that the request fits, the exchange agrees on
 * its behalf in the same call) or either party terminates. On agreement the exchange signs the
 * Agreement as notary; since the consumer's request already bound it to exactly that offer and
 * purpose, and the signature is the verification, the negotiation moves on through VERIFIED to
 * FINALIZED at once. Each state is its own ledger entry.
 *
 * <p>Every move runs in one transaction that locks the negotiation's row, checks the move with
 * {@link NegotiationMachine}, waits for its ledger entries to be durable and only then writes the
 * new state. Two concurrent moves on one negotiation therefore happen one after the other: the
 * second sees the first's outcome and is refused (409 with the current state), and the ledger
 * holds only the move that happened. Nothing polls: each move is driven by the request that makes it.
 */
public final class Negotiations {
    private static final OdrlCodec ODRL = new OdrlCodec();

    private final DSLContext dsl;
    private final Ledger ledger;
    private final Catalog catalog;
    private final Notary notary;
    private final Clock clock;

    /** Negotiations over {@code dsl}, logged to {@code ledger}, agreements signed with {@code notaryKeys}. */
    public Negotiations(DSLContext dsl, Ledger ledger, Catalog catalog, KeyRing notaryKeys, Clock clock) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.catalog = catalog;
        this.notary = new Notary(notaryKeys);
        this.clock = clock;
    }

    /**
     * The consumer requests an offer of a dataset for a purpose. When the offer auto-accepts and
     * the request fits it, the negotiation comes back FINALIZED with its agreement.
     *
     * @throws Refusal INVALID (no such dataset or offer for this consumer, own dataset, a purpose or
     *                 recipient the offer excludes)
     */
    public Negotiation request(Caller consumer, String datasetId, String offerId, String purpose, String requestId) {
        Dataset dataset = visibleDataset(datasetId);
        if (dataset.provider().equals(consumer.participantId())) {
            throw Refusal.invalid("/datasetId", "dataset '" + datasetId + "' is your own; a provider does not contract with itself");
        }
        String consumerIri = Iris.participant(consumer.participantId());
        Dataset.Offer offer = dataset.offer(offerId).filter(o -> OfferFit.visibleTo(o.policy(), consumerIri))
                .orElseThrow(() -> Refusal.invalid("/offerId", "dataset '" + datasetId + "' has no offer '" + offerId + "' open to you"));
        OfferFit.Result fit = OfferFit.check(offer.policy(), consumerIri, Optional.of(purpose));
        if (fit.verdict() == OfferFit.Verdict.EXCLUDED) {
            throw Refusal.invalid("/purpose", "offer '" + offerId + "' cannot be agreed for this request: " + fit.reason().orElseThrow());
        }
        boolean agreeNow = offer.autoAccept() && fit.verdict() == OfferFit.Verdict.FITS;
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Instant now = now();
            Negotiation requested = new Negotiation(UUID.randomUUID().toString(), datasetId, offerId, dataset.provider(),
                    consumer.participantId(), purpose, NegotiationState.REQUESTED, ODRL.write(offer.policy()), Optional.empty(),
                    Optional.empty(), Optional.empty(), now, now);
            NegotiationStore.insert(tx, requested);
            LedgerEvent step = step(requested);
            if (!agreeNow) {
                ledger.appendDurably(List.of(step), consumer.participantId(), requestId);
                return requested;
            }
            return conclude(tx, requested, List.of(step), consumer.participantId(), requestId);
        });
    }

    /**
     * The provider agrees to a requested contract; the exchange signs the agreement.
     *
     * @throws Refusal NOT_FOUND (not a party), CONFLICT (the machine refuses the move; facts: state)
     */
    public Negotiation agree(String id, Caller caller, String requestId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Negotiation n = locked(tx, id, caller);
            Party sender = n.partyOf(caller.participantId()).orElseThrow();
            refuseUnlessMoves(n, new NegotiationEvent.Agreed(), sender);
            return conclude(tx, n, List.of(), caller.participantId(), requestId);
        });
    }

    /**
     * Either party ends the negotiation, with a reason.
     *
     * @throws Refusal NOT_FOUND (not a party), CONFLICT (already final; facts: state)
     */
    public Negotiation terminate(String id, Caller caller, String reason, String requestId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Negotiation n = locked(tx, id, caller);
            Party sender = n.partyOf(caller.participantId()).orElseThrow();
            refuseUnlessMoves(n, new NegotiationEvent.Terminated(sender, reason), sender);
            Negotiation ended = n.moved(NegotiationState.TERMINATED, Optional.empty(), Optional.of(caller.participantId()),
                    Optional.of(reason), now());
            ledger.appendDurably(List.of(step(ended)), caller.participantId(), requestId);
            NegotiationStore.update(tx, ended);
            return ended;
        });
    }

    /** The negotiation, for its parties, the operator and auditors. */
    public Negotiation find(String id, Caller caller) {
        Negotiation n = NegotiationStore.find(dsl, id).orElseThrow(() -> notFound(id));
        if (n.partyOf(caller.participantId()).isEmpty() && !caller.hasAny(Role.OPERATOR, Role.AUDITOR)) {
            throw notFound(id);
        }
        return n;
    }

    /** The caller's negotiations, as provider, consumer or either, optionally in one state; by id after {@code after}. */
    public List<Negotiation> list(Caller caller, Optional<Party> role, Optional<NegotiationState> state, String after, int limit) {
        return NegotiationStore.list(dsl, caller.participantId(), side(role), state, after, limit);
    }

    static NegotiationStore.Side side(Optional<Party> role) {
        return role.map(r -> r == Party.PROVIDER ? NegotiationStore.Side.PROVIDER : NegotiationStore.Side.CONSUMER)
                .orElse(NegotiationStore.Side.EITHER);
    }

    /**
     * Signs the agreement and moves {@code n} through AGREED, VERIFIED and FINALIZED, logging
     * {@code before} (earlier steps of the same call), each state and the signed agreement in one
     * group, then stores them. Runs inside the caller's transaction, with {@code n} locked or new.
     */
    private Negotiation conclude(DSLContext tx, Negotiation n, List<LedgerEvent> before, String actor, String requestId) {
        Instant now = now();
        Notary.Signed signed = notary.sign(n, now);
        List<Transition> moves = NegotiationMachine.apply(n.state(), List.of(
                new NegotiationMachine.Step(new NegotiationEvent.Agreed(), Party.PROVIDER),
                new NegotiationMachine.Step(new NegotiationEvent.Verified(), Party.CONSUMER),
                new NegotiationMachine.Step(new NegotiationEvent.Finalized(), Party.PROVIDER)));
        List<LedgerEvent> events = new ArrayList<>(before);
        Negotiation current = n;
        int signedAt = -1;
        for (Transition move : moves) {
            if (move instanceof Transition.Refused refused) {
                throw new IllegalStateException("the exchange's own agreement steps were refused: " + refused.reason());
            }
            current = current.moved(move.state(), Optional.of(signed.id()), Optional.empty(), Optional.empty(), now);
            events.add(step(current));
            if (move.state() == NegotiationState.AGREED) {
                signedAt = events.size();
                events.add(new LedgerEvent.AgreementSigned(signed.id(), n.datasetId(), n.provider(), n.consumer(), signed.sha256()));
            }
        }
        List<Ledger.Appended> appended = ledger.appendDurably(events, actor, requestId);
        NegotiationStore.insert(tx, new Agreement(signed.id(), n.id(), n.datasetId(), n.offerId(), n.provider(), n.consumer(),
                n.purpose(), signed.canonical(), signed.signature(), signed.sha256(), appended.get(signedAt).index(), now,
                signed.validUntil(), Agreement.ACTIVE, Optional.empty(), Optional.empty(), Optional.empty()));
        NegotiationStore.update(tx, current);
        return current;
    }

    private Dataset visibleDataset(String datasetId) {
        // A missing and a withdrawn dataset are reported in the same words.
        return catalog.find(datasetId).filter(d -> d.status().equals(Dataset.PUBLISHED))
                .orElseThrow(() -> Refusal.invalid("/datasetId", "there is no dataset '" + datasetId + "' in the catalog"));
    }

    private static Negotiation locked(DSLContext tx, String id, Caller caller) {
        Negotiation n = NegotiationStore.lock(tx, id).orElseThrow(() -> notFound(id));
        if (n.partyOf(caller.participantId()).isEmpty()) {
            throw notFound(id);
        }
        return n;
    }

    private static void refuseUnlessMoves(Negotiation n, NegotiationEvent event, Party sender) {
        if (NegotiationMachine.next(n.state(), event, sender) instanceof Transition.Refused refused) {
            throw Refusal.conflict("Negotiation " + n.id() + " cannot move: " + refused.reason() + ".",
                    Map.of("state", n.state().name()));
        }
    }

    private static LedgerEvent step(Negotiation n) {
        return new LedgerEvent.NegotiationStep(n.id(), n.datasetId(), n.provider(), n.consumer(), n.state().name(),
                n.agreementId().orElse(null));
    }

    private static Refusal notFound(String id) {
        return Refusal.notFound("There is no negotiation '" + id + "' of yours.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
