package org.sluis.benchmarks.ledger;

import java.util.List;
import org.sluis.core.ledger.LedgerEvent;

/**
 * The event the ledger takes most often: an access decision, logged before every authorised pull.
 * Its entry is 430 to 460 bytes of canonical JSON, varied a little so that rows and index keys differ.
 */
final class SampleEvents {
    private SampleEvents() {
    }

    /** The {@code i}-th sample decision: mostly permitted, every fourth denied with a reason. */
    static LedgerEvent accessDecided(long i) {
        boolean permitted = i % 4 != 0;
        return new LedgerEvent.AccessDecided("agr-" + (i % 7), "ds-" + (i % 3), "hospital", "lab-" + (i % 5), "research",
                permitted, permitted ? List.of() : List.of("purpose not permitted"), List.of("pseudonymise:patientId"));
    }
}
