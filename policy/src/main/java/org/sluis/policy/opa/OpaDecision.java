package org.sluis.policy.opa;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPA's answer to one question, as the exchange combines it (deny-overrides) with its own
 * decision and records it in the ledger.
 *
 * @param allow      whether OPA allows the request; never true when {@code failure} is set or
 *                   reasons are given
 * @param reasons    why OPA denies: the policy's {@code deny} messages, or for a failure one
 *                   sentence saying OPA was unreachable; empty when allowed
 * @param decisionId OPA's {@code decision_id}, present when OPA's decision logging is on, for the
 *                   ledger entry to point at OPA's own log
 * @param failure    set when no usable answer came (unreachable, timed out, HTTP error, malformed
 *                   answer): the decision then denies, because an OPA that cannot answer fails closed
 */
public record OpaDecision(boolean allow, List<String> reasons, Optional<String> decisionId, Optional<String> failure) {

    /** Checks a failure or a reason never comes with {@code allow}; copies the reasons. */
    public OpaDecision {
        Objects.requireNonNull(reasons, "reasons");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(failure, "failure");
        if (allow && failure.isPresent()) {
            throw new IllegalArgumentException("expected a failed OPA question to deny (fail closed), found allow with failure "
                    + failure.get());
        }
        if (allow && !reasons.isEmpty()) {
            throw new IllegalArgumentException("expected an allowing OPA decision to carry no deny reasons, found " + reasons);
        }
    }

    /**
     * OPA allowed the request.
     *
     * @param decisionId OPA's decision id, if it sent one
     * @return an allowing decision
     */
    public static OpaDecision allowed(Optional<String> decisionId) {
        return new OpaDecision(true, List.of(), decisionId, Optional.empty());
    }

    /**
     * OPA denied the request.
     *
     * @param reasons    the policy's deny messages
     * @param decisionId OPA's decision id, if it sent one
     * @return a denying decision without failure
     */
    public static OpaDecision denied(List<String> reasons, Optional<String> decisionId) {
        return new OpaDecision(false, reasons, decisionId, Optional.empty());
    }

    /**
     * No usable answer came from OPA: the request is denied (fail closed).
     *
     * @param why what went wrong, e.g. {@code no answer within 500 ms}
     * @return a denying decision with the failure set
     */
    public static OpaDecision unreachable(String why) {
        return unreachable(why, Optional.empty());
    }

    /**
     * No usable answer came from OPA, though it named the decision (a malformed result with a
     * {@code decision_id}): the request is denied and the id kept for OPA's log.
     *
     * @param why        what went wrong
     * @param decisionId OPA's decision id, if it sent one
     * @return a denying decision with the failure set
     */
    public static OpaDecision unreachable(String why, Optional<String> decisionId) {
        Objects.requireNonNull(why, "why");
        return new OpaDecision(false,
                List.of("OPA was unreachable or gave no usable answer (" + why + "); the request is denied because"
                        + " OPA failures fail closed"),
                decisionId, Optional.of(why));
    }

    /**
     * Whether OPA could not be asked (the denial is the fail-closed default, not the policy's).
     *
     * @return true when {@link #failure()} is present
     */
    public boolean failedClosed() {
        return failure.isPresent();
    }
}
