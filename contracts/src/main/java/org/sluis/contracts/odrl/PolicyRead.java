package org.sluis.contracts.odrl;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading a policy document: the policy, or every problem found.
 */
public sealed interface PolicyRead permits PolicyRead.Valid, PolicyRead.Invalid {

    /**
     * The document is a valid ODRL policy.
     *
     * @param policy the policy read
     */
    record Valid(Policy policy) implements PolicyRead {
        /** Checks the policy is present. */
        public Valid {
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * The document was rejected.
     *
     * @param problems every problem found, at least one: structural problems in document order,
     *                 then the checks that span members (parties, targets, conflicts)
     */
    record Invalid(List<Problem> problems) implements PolicyRead {
        /** Checks there is at least one problem and copies the list. */
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("expected at least one problem, found none");
            }
        }
    }
}
