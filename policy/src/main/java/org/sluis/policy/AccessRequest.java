package org.sluis.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One access asked for under an agreement.
 *
 * @param caller           the participant IRI of whoever asks ({@code urn:sluis:participant:<id>})
 * @param callerCategories the participant categories the caller belongs to (e.g. {@code hospital});
 *                         {@code recipient isA <category>} is matched against them
 * @param action           the ODRL action term asked for, e.g. {@code use} or {@code read}
 * @param purpose          the purpose declared for this access
 * @param time             the moment of the access
 * @param callerRegion     the ISO 3166 code of where the caller uses the data ({@code NL-NH}, {@code NL}), if known
 * @param priorUses        permitted uses of this agreement before this one
 * @param priorUsesToday   permitted uses of this agreement before this one in the current UTC day
 * @param subjectHash      the keyed hash of the one data subject the access is about, if it is about one;
 *                         the subject's consent is then consulted at decision time
 */
public record AccessRequest(String caller, Set<String> callerCategories, String action, String purpose, Instant time,
                            Optional<String> callerRegion, long priorUses, long priorUsesToday,
                            Optional<String> subjectHash) {

    /** Checks every component is present and the use counts are consistent. */
    public AccessRequest {
        Objects.requireNonNull(caller, "caller");
        callerCategories = Set.copyOf(callerCategories);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(callerRegion, "callerRegion");
        Objects.requireNonNull(subjectHash, "subjectHash");
        if (priorUsesToday < 0 || priorUses < priorUsesToday) {
            throw new IllegalArgumentException("expected 0 <= priorUsesToday <= priorUses, found priorUsesToday="
                    + priorUsesToday + " priorUses=" + priorUses);
        }
    }
}
