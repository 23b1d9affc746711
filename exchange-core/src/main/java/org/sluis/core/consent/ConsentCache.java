package org.sluis.core.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.sluis.core.store.Notifications;
import org.sluis.policy.consent.Consent;
import org.sluis.policy.consent.ConsentIndex;

/**
 * Each custodian's consents in memory, for filtering records at stream speed, kept current on
 * every instance: a change committed anywhere sends a notification on {@link #CHANNEL} with the
 * custodian's id, and every instance drops that custodian's entry, so the next lookup reads the
 * committed state. A reconnection of the listener drops everything.
 *
 * <p>The index holds the consents in force (not revoked). A recipient stored as
 * {@code category:<name>} is indexed as the bare category name, the form a participant's
 * categories take in a {@link org.sluis.policy.consent.ConsentQuery}; participant recipients are
 * IRIs, so the two cannot be confused.
 */
public final class ConsentCache {
    /** The LISTEN/NOTIFY channel; the payload is the custodian's id. */
    public static final String CHANNEL = "sluis_consent";
    /** How a consent names a category of recipients rather than one participant. */
    public static final String CATEGORY_PREFIX = "category:";

    private final DSLContext dsl;
    private final Map<String, Snapshot> byCustodian = new ConcurrentHashMap<>();

    private record Snapshot(List<StoredConsent> consents, ConsentIndex index) {
    }

    /** A cache over {@code dsl}, invalidated through {@code notifications} (subscribe before it starts). */
    public ConsentCache(DSLContext dsl, Notifications notifications) {
        this.dsl = dsl;
        notifications.subscribe(CHANNEL, custodian -> {
            if (custodian == null) {
                byCustodian.clear();
            } else {
                byCustodian.remove(custodian);
            }
        });
    }

    /** The custodian's consents, revoked ones included (they no longer apply). Blocking on a miss. */
    public List<StoredConsent> of(String custodian) {
        return snapshot(custodian, dsl).consents();
    }

    /** The custodian's consents in force, as decisions and record filters consult them. Blocking on a miss. */
    public ConsentIndex view(String custodian) {
        return snapshot(custodian, dsl).index();
    }

    /**
     * As {@link #view(String)} for a caller inside a transaction, which holds a connection already:
     * a miss is loaded through {@code tx}. Taking a second connection from the pool instead would
     * wait forever (until the pool's timeout) once every connection is held by such a caller.
     */
    public ConsentIndex view(String custodian, DSLContext tx) {
        return snapshot(custodian, tx).index();
    }

    private Snapshot snapshot(String custodian, DSLContext through) {
        return byCustodian.computeIfAbsent(custodian, c -> {
            List<StoredConsent> all = ConsentStore.ofCustodian(through, c);
            List<Consent> inForce = new ArrayList<>(all.size());
            for (StoredConsent s : all) {
                if (s.revokedAt().isEmpty()) {
                    inForce.add(new Consent(s.subject().value(), s.datasetId(), s.category(), Set.copyOf(s.purposes()),
                            s.recipients().stream().map(r -> r.startsWith(CATEGORY_PREFIX) ? r.substring(CATEGORY_PREFIX.length()) : r)
                                    .collect(Collectors.toUnmodifiableSet()),
                            s.validFrom(), s.validUntil(), s.decision().equals("permit")));
                }
            }
            return new Snapshot(all, ConsentIndex.of(inForce));
        });
    }
}
