package org.sluis.core.ledger;

import java.time.Instant;

/**
 * A checkpoint the exchange signed and stored.
 *
 * @param treeSize the number of entries it covers
 * @param rootHash the Merkle root of those entries
 * @param time when it was signed (also signed, in the timestamped cosignature line)
 * @param note the C2SP signed note exactly as served
 */
public record StoredCheckpoint(long treeSize, byte[] rootHash, Instant time, String note) {
}
