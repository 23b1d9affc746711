package org.sluis.core.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;

/**
 * Onboards participants and changes their standing, each change recorded in the ledger.
 * Blocking: call from the database worker pool.
 *
 * <p>Order matters. A registration inserts the participant, then waits for its ledger entry to be
 * durable, then hands out the certificate: until the response arrives nobody holds the
 * certificate, so nothing can act unlogged; if the ledger cannot be written the row is removed
 * again. A status change is logged first and applied after, so the log never misses a change that
 * took effect.
 */
public final class ParticipantRegistry {
    /** How long participant certificates are valid. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(365);

    private final ParticipantStore store;
    private final ExchangeCa ca;
    private final Ledger ledger;
    private final Clock clock;

    /** A registry over the store, issuing from {@code ca}, logging to {@code ledger}. */
    public ParticipantRegistry(ParticipantStore store, ExchangeCa ca, Ledger ledger, Clock clock) {
        this.store = store;
        this.ca = ca;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The outcome of a registration: the participant, or that its id is taken. */
    public sealed interface Registered permits Registered.Created, Registered.IdTaken {
        /** The participant was created; {@code certificate} is what it gets back. */
        record Created(Participant participant, IssuedCertificate certificate) implements Registered {
        }

        /** A participant with this id exists already. */
        record IdTaken(String id) implements Registered {
        }
    }

    /**
     * Issues a certificate for the CSR and registers the participant.
     *
     * @throws CsrException if the CSR is unusable (the caller answers 400)
     * @throws org.sluis.core.ledger.LedgerUnavailableException if the registration cannot be logged (503)
     */
    public Registered register(Registration r, String actor, String requestId) {
        if (store.find(r.id()).isPresent()) {
            return new Registered.IdTaken(r.id());
        }
        Instant now = clock.instant();
        IssuedCertificate cert = ca.issue(r.csr(), new ParticipantSubject(r.id(), r.name(), r.registrationNumber(), r.region()),
                CERTIFICATE_VALIDITY, now);
        Participant p = new Participant(r.id(), r.name(), r.registrationNumber(), r.region(), r.roles(), r.categories(), ParticipantStatus.ACTIVE,
                cert.pem(), cert.sha256Hex(), now, now);
        if (!store.insert(p)) {
            return new Registered.IdTaken(r.id());
        }
        try {
            await(new LedgerEvent.ParticipantRegistered(p.id(), p.roles().stream().map(Role::name).sorted().toList(),
                    cert.sha256Hex()), actor, requestId);
        } catch (RuntimeException e) {
            store.delete(p.id());
            throw e;
        }
        return new Registered.Created(p, cert);
    }

    /** The participant with {@code id}. */
    public Optional<Participant> find(String id) {
        return store.find(id);
    }

    /** Up to {@code limit} participants after id {@code after}. */
    public List<Participant> list(String after, int limit) {
        return store.list(after, limit);
    }

    /**
     * Sets a participant's status (logged first); empty if there is no such participant.
     *
     * @throws IllegalStateException if the change is not allowed (a revoked participant stays revoked)
     */
    public Optional<Participant> changeStatus(String id, ParticipantStatus status, String reason, String actor, String requestId) {
        Optional<Participant> current = store.find(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get().status() == ParticipantStatus.REVOKED && status != ParticipantStatus.REVOKED) {
            throw new IllegalStateException("participant " + id + " is revoked; a revocation cannot be undone");
        }
        String change = switch (status) {
            case ACTIVE -> "reinstated";
            case SUSPENDED -> "suspended";
            case REVOKED -> "revoked";
        };
        await(new LedgerEvent.ParticipantStatusChanged(id, change, reason), actor, requestId);
        Instant now = clock.instant();
        store.setStatus(id, status, now);
        return Optional.of(current.get().withStatus(status, now));
    }

    private void await(LedgerEvent event, String actor, String requestId) {
        ledger.appendDurably(List.of(event), actor, requestId);
    }
}
