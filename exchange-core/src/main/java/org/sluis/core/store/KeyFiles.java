package org.sluis.core.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The secrets in {@code <dataDir>/keys/} that cannot be made again once the exchange has acted on
 * them. The exchange creates its keys on first start; on a later start against a database that
 * already holds ledger entries, a missing one means {@code keys/} was lost or not mounted, and
 * creating a fresh one would be silently wrong: under a new {@code subject.key} no stored consent
 * matches any record, so an opt-out subject's records would flow again; a new
 * {@code pseudonym.key} changes every consumer's pseudonyms; a new {@code ledger.key} signs
 * checkpoints no auditor can check against the published key. So the exchange refuses to start.
 */
public final class KeyFiles {
    /** The ledger's checkpoint signing key. */
    public static final String LEDGER = "ledger.key";
    /** The key data subjects are hashed under (per custodian, derived from it). */
    public static final String SUBJECT = "subject.key";
    /** The key pseudonyms are derived from (per agreement). */
    public static final String PSEUDONYM = "pseudonym.key";

    private static final List<String> IRREPLACEABLE = List.of(LEDGER, SUBJECT, PSEUDONYM);

    private KeyFiles() {
    }

    /**
     * Refuses to go on if the exchange has a history but some of its keys are gone.
     *
     * @param dataDir       the data directory
     * @param ledgerEntries how many entries the database's ledger holds
     * @throws IllegalStateException naming the missing files and what to do, if any is missing after the first entry
     */
    public static void requireIfUsed(Path dataDir, long ledgerEntries) {
        if (ledgerEntries == 0) {
            return;
        }
        Path keys = dataDir.resolve("keys");
        List<String> missing = IRREPLACEABLE.stream().filter(name -> !Files.exists(keys.resolve(name))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("refusing to start: the database holds " + ledgerEntries + " ledger entries but "
                    + keys.toAbsolutePath().normalize() + " lacks " + missing + ". These keys cannot be created again without"
                    + " breaking what was recorded under them (consents, pseudonyms, signed checkpoints): restore keys/ from"
                    + " the backup or mount it (see deploy/README.md, Keys), or point the exchange at its own database.");
        }
    }
}
