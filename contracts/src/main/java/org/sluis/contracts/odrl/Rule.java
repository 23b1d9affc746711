package org.sluis.contracts.odrl;

import java.util.List;
import java.util.Optional;

/**
 * A permission, prohibition or duty (ODRL Information Model 2.2, section "Rule Class"). Every
 * rule has an action and may name its own target, parties and constraints; the policy-level
 * target and parties apply where a rule names none.
 */
public sealed interface Rule permits Rule.Permission, Rule.Prohibition, Rule.Duty {

    /**
     * Returns the rule's identifier.
     *
     * @return the uid IRI, if the rule has one
     */
    Optional<String> uid();

    /**
     * Returns the asset the rule is about.
     *
     * @return the target IRI, or empty when the policy-level target applies
     */
    Optional<String> target();

    /**
     * Returns what the rule is about doing.
     *
     * @return the action
     */
    Action action();

    /**
     * Returns the party granting or requiring the action.
     *
     * @return the assigner IRI, or empty when the policy-level assigner applies
     */
    Optional<String> assigner();

    /**
     * Returns the party receiving the rule.
     *
     * @return the assignee IRI, or empty when the policy-level assignee applies
     */
    Optional<String> assignee();

    /**
     * Returns the conditions under which the rule applies.
     *
     * @return the constraints, possibly empty
     */
    List<Constraint> constraints();

    /**
     * The ability to exercise an action.
     *
     * @param uid         rule identifier, if any
     * @param target      asset IRI, if not the policy's
     * @param action      the permitted action
     * @param assigner    granting party, if not the policy's
     * @param assignee    receiving party, if not the policy's
     * @param constraints conditions
     * @param duties      what must be done to exercise the permission
     */
    record Permission(Optional<String> uid, Optional<String> target, Action action, Optional<String> assigner,
                      Optional<String> assignee, List<Constraint> constraints, List<Duty> duties) implements Rule {

        /** Checks every component is present and copies the lists. */
        public Permission {
            RuleParts.check(uid, target, action, assigner, assignee);
            constraints = List.copyOf(constraints);
            duties = List.copyOf(duties);
        }

        /**
         * Creates a permission with only a target and an action.
         *
         * @param target the asset IRI
         * @param action the action
         * @return the permission
         */
        public static Permission of(String target, Action action) {
            return new Permission(Optional.empty(), Optional.of(target), action, Optional.empty(), Optional.empty(),
                    List.of(), List.of());
        }
    }

    /**
     * The inability to exercise an action.
     *
     * @param uid         rule identifier, if any
     * @param target      asset IRI, if not the policy's
     * @param action      the prohibited action
     * @param assigner    prohibiting party, if not the policy's
     * @param assignee    party prohibited, if not the policy's
     * @param constraints conditions
     * @param remedies    what must be done if the prohibition is infringed
     */
    record Prohibition(Optional<String> uid, Optional<String> target, Action action, Optional<String> assigner,
                       Optional<String> assignee, List<Constraint> constraints, List<Duty> remedies) implements Rule {

        /** Checks every component is present and copies the lists. */
        public Prohibition {
            RuleParts.check(uid, target, action, assigner, assignee);
            constraints = List.copyOf(constraints);
            remedies = List.copyOf(remedies);
        }

        /**
         * Creates a prohibition with only a target and an action.
         *
         * @param target the asset IRI
         * @param action the action
         * @return the prohibition
         */
        public static Prohibition of(String target, Action action) {
            return new Prohibition(Optional.empty(), Optional.of(target), action, Optional.empty(), Optional.empty(),
                    List.of(), List.of());
        }
    }

    /**
     * The obligation to exercise an action: a permission's duty, a prohibition's remedy, a
     * duty's consequence or a policy-level obligation.
     *
     * @param uid          rule identifier, if any
     * @param target       asset IRI, if any
     * @param action       the required action
     * @param assigner     party requiring it, if not the policy's
     * @param assignee     party obliged, if not the policy's
     * @param constraints  conditions
     * @param consequences duties that arise if this one is not fulfilled (never nested further)
     */
    record Duty(Optional<String> uid, Optional<String> target, Action action, Optional<String> assigner,
                Optional<String> assignee, List<Constraint> constraints, List<Duty> consequences) implements Rule {

        /** Checks every component is present and copies the lists. */
        public Duty {
            RuleParts.check(uid, target, action, assigner, assignee);
            constraints = List.copyOf(constraints);
            consequences = List.copyOf(consequences);
        }

        /**
         * Creates a duty with only an action.
         *
         * @param action the action
         * @return the duty
         */
        public static Duty of(Action action) {
            return new Duty(Optional.empty(), Optional.empty(), action, Optional.empty(), Optional.empty(),
                    List.of(), List.of());
        }
    }
}
