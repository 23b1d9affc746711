package org.sluis.contracts.odrl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A condition on a rule or refinement on an action (ODRL Information Model 2.2, sections
 * "Constraint Class" and "Logical Constraint Class"). Only inline constraints are modelled;
 * references to constraints by {@code @id} are not.
 */
public sealed interface Constraint permits Constraint.Atomic, Constraint.Logical {

    /**
     * Compares a left operand with a right operand.
     *
     * @param leftOperand  a term from {@link LeftOperands#KNOWN} or a profile IRI
     * @param operator     the comparison
     * @param rightOperand the value compared against
     * @param unit         the unit of the right operand, an IRI, if any
     * @param dataType     the datatype of the right operand, if stated
     */
    record Atomic(String leftOperand, Operator operator, RightOperand rightOperand,
                  Optional<String> unit, Optional<String> dataType) implements Constraint {

        /** Checks every component is present and the left operand is non-blank. */
        public Atomic {
            Objects.requireNonNull(leftOperand, "leftOperand");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(rightOperand, "rightOperand");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(dataType, "dataType");
            if (leftOperand.isBlank()) {
                throw new IllegalArgumentException("expected a non-blank leftOperand, found '" + leftOperand + "'");
            }
        }

        /**
         * Creates a constraint without unit or datatype.
         *
         * @param leftOperand  the left operand
         * @param operator     the operator
         * @param rightOperand the right operand
         * @return the constraint
         */
        public static Atomic of(String leftOperand, Operator operator, RightOperand rightOperand) {
            return new Atomic(leftOperand, operator, rightOperand, Optional.empty(), Optional.empty());
        }
    }

    /**
     * Combines constraints with a logical operator.
     *
     * @param operator    and, or, xone or andSequence
     * @param constraints the operands, at least one, in order
     */
    record Logical(LogicalOperator operator, List<Constraint> constraints) implements Constraint {

        /** Checks the operator is present and there is at least one operand. */
        public Logical {
            Objects.requireNonNull(operator, "operator");
            constraints = List.copyOf(constraints);
            if (constraints.isEmpty()) {
                throw new IllegalArgumentException(
                        "expected at least one constraint in '" + operator.term() + "', found none");
            }
        }
    }
}
