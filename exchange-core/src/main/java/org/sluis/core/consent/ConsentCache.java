package org.sluis.core.consent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.sluis.core.store.Notifications;

/**
 * Each custodian's consents in memory, for filtering records at stream speed, kept current on
 * every instance: a change committed anywhere sends a notification on {@link #CHANNEL} with the
 * custodian's id, and every instance drops that custodian's entry, so the next lookup reads the
 * committed state. A reconnection of the listener drops everything.
 */
public final class ConsentCache {
    /** The LISTEN/NOTIFY channel; the payload is the custodian's id. */
    public static final String CHANNEL = "sluis_consent";

    private final DSLContext dsl;
    private final Map<String, List<StoredConsent>> byCustodian = new ConcurrentHashMap<>();

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
        return byCustodian.computeIfAbsent(custodian, c -> ConsentStore.ofCustodian(dsl, c));
    }
}
