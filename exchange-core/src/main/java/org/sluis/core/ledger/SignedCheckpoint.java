package org.sluis.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A checkpoint whose Ed25519 note signature (c2sp.org/signed-note, type 0x01) and timestamped
 * cosignature (c2sp.org/tlog-cosignature, type 0x04) by the exchange's key both verified.
 *
 * @param checkpoint the verified checkpoint
 * @param time       the cosigned time, whole seconds: as of this time the exchange states that
 *                   this was the largest tree of its log (tlog-cosignature §Ed25519 signed message)
 */
public record SignedCheckpoint(Checkpoint checkpoint, Instant time) {
    /** Requires both components. */
    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(time, "time");
    }
}
