package org.sluis.core.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * Which entries a reader asks for; empty parts match everything.
 *
 * @param kind entry kind, e.g. {@code agreement.signed}
 * @param participant a participant the entry concerns
 * @param dataset the dataset it concerns
 * @param agreement the agreement it concerns
 * @param since entries at or after this time
 * @param until entries before this time
 */
public record EntryFilter(Optional<String> kind, Optional<String> participant, Optional<String> dataset,
                          Optional<String> agreement, Optional<Instant> since, Optional<Instant> until) {
    /** Matches every entry. */
    public static final EntryFilter ALL = new EntryFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());
}
