package org.sluis.contracts.odrl;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PolicyValidatorTest {

    private final PolicyValidator validator = new PolicyValidator();

    private static Policy offer(Optional<String> assigner, List<Rule.Permission> permissions,
                                List<Rule.Prohibition> prohibitions) {
        return new Policy(PolicyType.OFFER, "urn:policy:1", Optional.empty(), Optional.empty(), assigner,
                Optional.empty(), Optional.of("urn:asset:1"), ConflictStrategy.INVALID, permissions, prohibitions,
                List.of());
    }

    private static Rule.Permission use(Constraint constraint) {
        return new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE, Optional.empty(), Optional.empty(),
                List.of(constraint), List.of());
    }

    @Nested
    class Validate {

        @Test
        void a_valid_offer_has_no_problems() {
            Policy policy = offer(Optional.of("urn:party:1"),
                    List.of(use(Constraint.Atomic.of(LeftOperands.COUNT, Operator.LTEQ,
                            new RightOperand.Numeric(BigDecimal.TEN)))), List.of());

            assertEquals(List.of(), validator.validate(policy));
        }

        @Test
        void an_offer_built_without_assigner_is_reported_at_the_assigner() {
            Policy policy = offer(Optional.empty(), List.of(Rule.Permission.of("urn:asset:1", Action.READ)), List.of());

            assertEquals(List.of("/assigner"), validator.validate(policy).stream().map(Problem::pointer).toList());
        }

        @Test
        void an_is_any_of_built_with_a_single_value_is_reported_at_the_right_operand() {
            Policy policy = offer(Optional.of("urn:party:1"), List.of(use(Constraint.Atomic.of(LeftOperands.PURPOSE,
                    Operator.IS_ANY_OF, new RightOperand.Text("research")))), List.of());

            assertEquals(List.of("/permission/0/constraint/0/rightOperand"),
                    validator.validate(policy).stream().map(Problem::pointer).toList());
        }

        @Test
        void conflicting_rules_built_in_code_are_both_reported() {
            Policy policy = offer(Optional.of("urn:party:1"), List.of(Rule.Permission.of("urn:asset:1", Action.USE)),
                    List.of(Rule.Prohibition.of("urn:asset:1", Action.USE)));

            assertEquals(List.of("/permission/0", "/prohibition/0"),
                    validator.validate(policy).stream().map(Problem::pointer).toList());
        }
    }

    @Nested
    class ModelConstruction {

        @Test
        void an_empty_right_operand_list_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new RightOperand.ListOf(List.of()));
        }

        @Test
        void an_empty_logical_constraint_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new Constraint.Logical(LogicalOperator.AND, List.of()));
        }

        @Test
        void a_relative_iri_right_operand_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> new RightOperand.Iri("relative/path"));
        }

        @Test
        void a_problem_pointer_must_be_an_rfc_6901_pointer() {
            assertThrows(IllegalArgumentException.class, () -> new Problem("permission/0", "x"));
        }

        @Test
        void a_blank_action_is_refused() {
            assertThrows(IllegalArgumentException.class, () -> Action.of(" "));
        }
    }
}
