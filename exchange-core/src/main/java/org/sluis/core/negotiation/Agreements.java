package org.sluis.core.negotiation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.contracts.negotiation.Party;
import org.sluis.core.Refusal;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * The agreements the exchange notarised: reading them, and ending them early (terminated by a
 * party, revoked by the operator). Blocking: call from the database worker pool. An end is
 * logged before it is stored, in one transaction holding the agreement's row, so it is recorded
 * exactly once even when both parties end an agreement at the same moment.
 */
public final class Agreements {
    private final DSLContext dsl;
    private final Ledger ledger;
    private final Clock clock;

    /** Agreements over {@code dsl}, with ends logged to {@code ledger}. */
    public Agreements(DSLContext dsl, Ledger ledger, Clock clock) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The agreement, for its parties, the operator and auditors. */
    public Agreement find(String id, Caller caller) {
        Agreement a = NegotiationStore.findAgreement(dsl, id).orElseThrow(() -> notFound(id));
        if (!isParty(a, caller) && !caller.hasAny(Role.OPERATOR, Role.AUDITOR)) {
            throw notFound(id);
        }
        return a;
    }

    /** The agreement, whoever asks: for services that check the caller themselves. */
    public Optional<Agreement> byId(String id) {
        return NegotiationStore.findAgreement(dsl, id);
    }

    /**
     * The agreements in force at {@code now}: the caller's own, or every one for the operator and auditors.
     * For the OPA bundle, whose size grows with them (see {@code OpaBundle}).
     */
    public List<Agreement> inForce(Caller caller, Instant now) {
        Optional<String> whose = caller.hasAny(Role.OPERATOR, Role.AUDITOR) ? Optional.empty() : Optional.of(caller.participantId());
        return NegotiationStore.unended(dsl, whose).stream().filter(a -> a.inForce(now)).toList();
    }

    /** The caller's agreements as provider, consumer or either, by id after {@code after}. */
    public List<Agreement> list(Caller caller, Optional<Party> role, String after, int limit) {
        return NegotiationStore.agreements(dsl, caller.participantId(), Negotiations.side(role), after, limit);
    }

    /**
     * A party ends the agreement early; enforcement stops with the next access decision.
     *
     * @throws Refusal NOT_FOUND (not a party), CONFLICT (not in force; facts: status)
     */
    public Agreement terminate(String id, Caller caller, String reason, String requestId) {
        return end(id, caller, Agreement.TERMINATED, reason, requestId);
    }

    /**
     * The operator revokes an agreement (e.g. on a court order or a participant's exclusion).
     *
     * @throws Refusal NOT_FOUND, CONFLICT (not in force; facts: status)
     */
    public Agreement revoke(String id, Caller operator, String reason, String requestId) {
        return end(id, operator, Agreement.REVOKED, reason, requestId);
    }

    private Agreement end(String id, Caller caller, String status, String reason, String requestId) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Agreement a = NegotiationStore.lockAgreement(tx, id).orElseThrow(() -> notFound(id));
            boolean allowed = status.equals(Agreement.REVOKED) ? caller.hasAny(Role.OPERATOR) : isParty(a, caller);
            if (!allowed) {
                throw notFound(id);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!a.inForce(now)) {
                throw Refusal.conflict("Agreement " + id + " is " + a.statusAt(now) + " already; only an agreement in force can end.",
                        Map.of("status", a.statusAt(now)));
            }
            ledger.appendDurably(List.of(new LedgerEvent.AgreementTerminated(id, a.datasetId(), a.provider(), a.consumer(),
                    caller.participantId(), reason)), caller.participantId(), requestId);
            Agreement ended = a.ended(status, caller.participantId(), reason, now);
            NegotiationStore.update(tx, ended);
            return ended;
        });
    }

    private static boolean isParty(Agreement a, Caller caller) {
        return a.provider().equals(caller.participantId()) || a.consumer().equals(caller.participantId());
    }

    private static Refusal notFound(String id) {
        return Refusal.notFound("There is no agreement '" + id + "' of yours.");
    }
}
