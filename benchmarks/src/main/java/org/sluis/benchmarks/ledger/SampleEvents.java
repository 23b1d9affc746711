package org.sluis.benchmarks.ledger;

import java.util.List;
import java.util.TreeSet;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.policy.Obligation;
import org.sluis.policy.Reason;

/**
 * The event the ledger takes most often: an access decision, logged before every authorised pull.
 * A permit with its pseudonymise obligation is 536 bytes of canonical JSON (a denial with its reason a little
 * less), varied a little so that rows and index keys differ.
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    /** The {@code i}-th sample: three in four permit (with a pseudonymise obligation), one in four deny. */
    public static LedgerEvent accessDecided(long i) {
        boolean permitted = i % 4 != 0;
        return new LedgerEvent.AccessDecided("d-" + i, "agr-" + (i % 7), "ds-" + (i % 3), "hospital", "lab-" + (i % 5), "research", "use",
                permitted, permitted ? List.of() : List.of(new Reason(Reason.PURPOSE_NOT_PERMITTED, "purpose not permitted")),
                permitted ? List.of(new Obligation.Pseudonymise(new TreeSet<>(List.of("patientId")), "agreement:agr-" + (i % 7)).toJson()) : List.of(), null);
    }
}
