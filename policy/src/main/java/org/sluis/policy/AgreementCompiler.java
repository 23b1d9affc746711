package org.sluis.policy;

import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.Rule;
import org.sluis.policy.vocabulary.PurposeVocabulary;
import org.sluis.policy.vocabulary.Regions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles an Agreement into a {@link CompiledPolicy}. Decisions made from the result:
 *
 * <ul>
 *   <li>Anything the decision point does not understand, anywhere in the agreement (an unknown
 *       left operand, operator, right operand, action or duty), makes every request deny with
 *       the reasons found: an agreement the exchange cannot fully enforce is not enforced in
 *       part. This also keeps deciding free of such checks.</li>
 *   <li>Prohibitions always win over permissions, whatever the conflict strategy: under
 *       {@code prohibit} that is the rule, under {@code invalid} the conflict voids the policy (so
 *       it permits nothing either), and {@code perm} is read the strict way, since the exchange
 *       errs towards not releasing data.</li>
 *   <li>A rule naming its own target other than the agreement's is about another asset and is
 *       left out; a rule naming its own assignee applies only to that assignee.</li>
 *   <li>Among permissions that cover the action and hold, the first in document order grants the
 *       access, with its duties and the policy-level obligations.</li>
 *   <li>A prohibition's remedies and a duty's consequences concern infringements after the fact
 *       and play no part in a decision.</li>
 * </ul>
 */
final class AgreementCompiler {

    private AgreementCompiler() {
    }

    static CompiledPolicy compile(AgreementContext context, PurposeVocabulary purposes, Regions regions,
                                  ActionTable actions) {
        Policy policy = context.agreement();
        List<Reason> problems = new ArrayList<>();
        ConditionCompiler conditions = new ConditionCompiler(purposes, regions, context.start());
        DutyCompiler duties = new DutyCompiler(context, conditions);
        String assignee = policy.assignee().orElse("");
        if (assignee.isEmpty()) {
            problems.add(new Reason(Reason.NOT_ASSIGNEE, "agreement " + context.agreementId()
                    + " names no assignee, so no caller can act under it"));
        }
        List<DutyCompiler.CompiledDuty> policyDuties = new ArrayList<>();
        for (Rule.Duty d : policy.obligations()) {
            policyDuties.add(duties.compile(d, "the agreement", problems));
        }
        List<CompiledPolicy.Rule> prohibitions = new ArrayList<>();
        List<Rule.Prohibition> prohibitionRules = applicable(policy, policy.prohibitions());
        for (int i = 0; i < prohibitionRules.size(); i++) {
            Rule.Prohibition p = prohibitionRules.get(i);
            String label = label("prohibition", p, i, prohibitionRules.size());
            prohibitions.add(rule(p, label, List.of(), actions, conditions, problems));
        }
        List<CompiledPolicy.Rule> permissions = new ArrayList<>();
        List<Rule.Permission> permissionRules = applicable(policy, policy.permissions());
        for (int i = 0; i < permissionRules.size(); i++) {
            Rule.Permission p = permissionRules.get(i);
            String label = label("permission", p, i, permissionRules.size());
            List<DutyCompiler.CompiledDuty> all = new ArrayList<>();
            for (Rule.Duty d : p.duties()) {
                all.add(duties.compile(d, label, problems));
            }
            all.addAll(policyDuties);
            permissions.add(rule(p, label, all, actions, conditions, problems));
        }
        return new CompiledPolicy(context, conditions.countsUses(), problems, actions, purposes, assignee,
                prohibitions, permissions);
    }

    private static <R extends Rule> List<R> applicable(Policy policy, List<R> rules) {
        return rules.stream().filter(r -> r.target().isEmpty() || r.target().equals(policy.target())).toList();
    }

    private static String label(String kind, Rule rule, int index, int count) {
        String which = rule.uid().map(u -> " " + u).orElse(count > 1 ? " " + (index + 1) : "");
        return kind + which + " " + rule.action().value();
    }

    private static CompiledPolicy.Rule rule(Rule rule, String label, List<DutyCompiler.CompiledDuty> duties,
                                            ActionTable actions, ConditionCompiler conditions,
                                            List<Reason> problems) {
        String action = rule.action().value();
        long covered = 0;
        if (actions.index(action) < 0) {
            problems.add(new Reason(Reason.UNKNOWN_ACTION, "action '" + action + "' is not one the exchange knows "
                    + actions.terms().stream().sorted().toList() + ", so no request under this agreement is permitted ("
                    + label + ")"));
        } else {
            covered = actions.covered(action);
        }
        List<Condition> compiled = new ArrayList<>();
        Optional<String> own = rule.assignee();
        own.ifPresent(a -> compiled.add(Condition.Atomic.of(Reason.NOT_ASSIGNEE, r -> r.caller().equals(a),
                r -> "caller " + r.caller() + " is not the assignee " + a + " (" + label + ")")));
        for (Constraint c : rule.action().refinements()) {
            compiled.add(conditions.compile(c, label, problems));
        }
        for (Constraint c : rule.constraints()) {
            compiled.add(conditions.compile(c, label, problems));
        }
        List<Obligation> fixed = new ArrayList<>();
        List<DutyCompiler.CompiledDuty> conditional = new ArrayList<>();
        for (DutyCompiler.CompiledDuty d : duties) {
            if (d.when().isEmpty()) {
                fixed.addAll(d.obligations());
            } else if (!d.obligations().isEmpty()) {
                conditional.add(d);
            }
        }
        return new CompiledPolicy.Rule(label, covered, List.copyOf(compiled), DutyCompiler.merge(fixed),
                List.copyOf(conditional));
    }
}
