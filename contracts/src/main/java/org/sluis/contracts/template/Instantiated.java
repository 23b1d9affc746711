package org.sluis.contracts.template;

import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.Problem;

import java.util.List;
import java.util.Objects;

/** The outcome of {@link ContractTemplate#instantiate}: the ODRL Offer, or every parameter problem. */
public sealed interface Instantiated permits Instantiated.Offer, Instantiated.Rejected {

    /**
     * The parameters were valid.
     *
     * @param policy the Offer, valid under {@link org.sluis.contracts.odrl.PolicyValidator}
     */
    record Offer(Policy policy) implements Instantiated {
        /** Checks the policy is present and is an Offer. */
        public Offer {
            Objects.requireNonNull(policy, "policy");
            if (policy.type() != PolicyType.OFFER) {
                throw new IllegalArgumentException("expected an Offer, found " + policy.type().term());
            }
        }
    }

    /**
     * The parameters were rejected.
     *
     * @param problems every problem, at least one, each with a pointer {@code /parameters/<name>}
     *                 or {@code /parameters/<name>/<index>} into the request
     */
    record Rejected(List<Problem> problems) implements Instantiated {
        /** Checks there is at least one problem and copies the list. */
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("expected at least one problem, found none");
            }
        }
    }
}
