package org.sluis.policy;

import org.sluis.contracts.odrl.LogicalOperator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A compiled constraint: tells whether it holds for a request and, only when it does not, why.
 * Everything that can be computed from the agreement alone was computed when compiling, so
 * {@link #holds} does no parsing, lookups in vocabularies aside, and builds no strings.
 */
sealed interface Condition permits Condition.Atomic, Condition.Logical {

    /**
     * Evaluates the condition.
     *
     * @param request the access
     * @return true if it holds
     */
    boolean holds(AccessRequest request);

    /**
     * Adds why the condition does not hold; called only after {@link #holds} returned false.
     *
     * @param request the access
     * @param out     where the reasons go
     */
    void explain(AccessRequest request, List<Reason> out);

    /**
     * An atomic constraint.
     *
     * @param test   the compiled comparison
     * @param reason why it does not hold, built only then
     */
    record Atomic(Predicate<AccessRequest> test, Function<AccessRequest, Reason> reason) implements Condition {

        /**
         * Creates a condition whose failures all have one code.
         *
         * @param code    the reason code
         * @param test    the comparison
         * @param message the steward's sentence
         * @return the condition
         */
        static Atomic of(String code, Predicate<AccessRequest> test, Function<AccessRequest, String> message) {
            return new Atomic(test, r -> new Reason(code, message.apply(r)));
        }

        @Override
        public boolean holds(AccessRequest request) {
            return test.test(request);
        }

        @Override
        public void explain(AccessRequest request, List<Reason> out) {
            out.add(reason.apply(request));
        }
    }

    /**
     * A logical constraint. {@code andSequence} is evaluated as {@code and}: a single decision has
     * no sequence of exercises to order, so "all, in order" reduces to "all".
     *
     * @param operator the logical operator
     * @param operands the compiled operands, at least one
     * @param label    where the constraint sits, e.g. {@code permission use: or}
     */
    record Logical(LogicalOperator operator, List<Condition> operands, String label) implements Condition {

        @Override
        public boolean holds(AccessRequest request) {
            switch (operator) {
                case OR:
                    for (int i = 0; i < operands.size(); i++) {
                        if (operands.get(i).holds(request)) {
                            return true;
                        }
                    }
                    return false;
                case XONE:
                    return countHolding(request) == 1;
                default:
                    for (int i = 0; i < operands.size(); i++) {
                        if (!operands.get(i).holds(request)) {
                            return false;
                        }
                    }
                    return true;
            }
        }

        private int countHolding(AccessRequest request) {
            int holding = 0;
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).holds(request)) {
                    holding++;
                }
            }
            return holding;
        }

        @Override
        public void explain(AccessRequest request, List<Reason> out) {
            if (operator == LogicalOperator.AND || operator == LogicalOperator.AND_SEQUENCE) {
                for (Condition c : operands) {
                    if (!c.holds(request)) {
                        c.explain(request, out);
                    }
                }
                return;
            }
            int holding = countHolding(request);
            if (holding > 1) {
                out.add(new Reason(Reason.LOGICAL_CONSTRAINT_NOT_SATISFIED, holding + " of the " + operands.size()
                        + " alternatives held, expected exactly one (" + label + ")"));
                return;
            }
            List<Reason> failed = new ArrayList<>();
            for (Condition c : operands) {
                c.explain(request, failed);
            }
            StringBuilder why = new StringBuilder();
            for (Reason r : failed) {
                why.append(why.length() == 0 ? "" : "; ").append(r.message());
            }
            out.add(new Reason(Reason.LOGICAL_CONSTRAINT_NOT_SATISFIED, "none of the " + operands.size()
                    + " alternatives held (" + label + "): " + why));
        }
    }
}
