package org.sluis.contracts.odrl;

import java.util.List;
import java.util.Objects;

/**
 * Checks a policy built in code against the same ODRL 2.2 requirements {@link OdrlCodec#read}
 * applies to documents. It writes the policy in compact form and reads it back, so there is one
 * set of rules, and pointers name positions in the compact form written by {@link OdrlCodec}
 * (e.g. {@code /permission/0/constraint/1/rightOperand}).
 */
public final class PolicyValidator {

    private final OdrlCodec codec = new OdrlCodec();

    /** Creates a validator. */
    public PolicyValidator() {
        // stateless
    }

    /**
     * Validates a policy.
     *
     * @param policy the policy to check
     * @return every problem found, empty if the policy is valid
     */
    public List<Problem> validate(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        PolicyRead read = codec.read(codec.toJson(policy));
        return read instanceof PolicyRead.Invalid invalid ? invalid.problems() : List.of();
    }
}
