package org.sluis.policy;

import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;
import org.sluis.policy.consent.ConsentView;
import org.sluis.policy.vocabulary.PurposeVocabulary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one implementation of {@link CompiledAgreement}: the agreement's rules as bit masks of the
 * actions they cover and compiled conditions, the obligations of each permission merged ahead of
 * time, and a constant denial when the agreement holds anything the decision point does not
 * understand. Deciding walks arrays, compares instants and probes hash sets; it builds strings
 * only for a denial.
 */
final class CompiledPolicy implements CompiledAgreement {

    /**
     * A compiled permission or prohibition.
     *
     * @param label       for messages, e.g. {@code permission use}
     * @param actions     the actions it covers, as a mask over {@link ActionTable#index}
     * @param conditions  its constraints (and action refinements, and a rule-level assignee), conjoined
     * @param obligations a permission's unconditional duties with the policy's, merged
     * @param conditional duties that apply only when their own constraints hold
     */
    record Rule(String label, long actions, List<Condition> conditions, List<Obligation> obligations,
                List<DutyCompiler.CompiledDuty> conditional) {
    }

    private final AgreementContext context;
    private final boolean countsUses;
    private final List<Reason> problems;
    private final Decision constant;
    private final ActionTable actions;
    private final PurposeVocabulary purposes;
    private final String assignee;
    private final Rule[] prohibitions;
    private final Rule[] permissions;
    private final Set<String> categories;

    CompiledPolicy(AgreementContext context, boolean countsUses, List<Reason> problems, ActionTable actions,
                   PurposeVocabulary purposes, String assignee, List<Rule> prohibitions, List<Rule> permissions) {
        this.context = context;
        this.countsUses = countsUses;
        this.problems = List.copyOf(problems);
        this.constant = problems.isEmpty() ? null : Decision.deny(problems);
        this.actions = actions;
        this.purposes = purposes;
        this.assignee = assignee;
        this.prohibitions = prohibitions.toArray(new Rule[0]);
        this.permissions = permissions.toArray(new Rule[0]);
        this.categories = context.dataset().categories();
    }

    @Override
    public String agreementId() {
        return context.agreementId();
    }

    @Override
    public boolean countsUses() {
        return countsUses;
    }

    @Override
    public List<Reason> problems() {
        return problems;
    }

    Decision decide(AccessRequest request, ConsentView consent) {
        if (constant != null) {
            return constant;
        }
        int action = actions.index(request.action());
        if (action < 0) {
            return Decision.deny(Reason.UNKNOWN_ACTION, "action '" + request.action() + "' is not one the exchange"
                    + " knows " + actions.terms().stream().sorted().toList());
        }
        if (!assignee.equals(request.caller())) {
            return Decision.deny(Reason.NOT_ASSIGNEE, "caller " + request.caller() + " is not the assignee "
                    + assignee + " of agreement " + context.agreementId());
        }
        long bit = 1L << action;
        List<Reason> prohibited = null;
        for (Rule p : prohibitions) {
            if ((p.actions() & bit) != 0 && allHold(p.conditions(), request)) {
                prohibited = prohibited == null ? new ArrayList<>() : prohibited;
                prohibited.add(new Reason(Reason.PROHIBITED, "action '" + request.action() + "' is prohibited"
                        + (p.conditions().isEmpty() ? "" : " while the prohibition's constraints hold")
                        + " (" + p.label() + ")"));
            }
        }
        if (prohibited != null) {
            return Decision.deny(prohibited);
        }
        Rule granted = null;
        for (Rule p : permissions) {
            if ((p.actions() & bit) != 0 && allHold(p.conditions(), request)) {
                granted = p;
                break;
            }
        }
        if (granted == null) {
            return Decision.deny(whyNotPermitted(request, bit));
        }
        DatasetContext dataset = context.dataset();
        ConsentQuery query = null;
        if (dataset.consentMode() != ConsentMode.NONE) {
            query = new ConsentQuery(dataset.consentMode(), dataset.datasetId(), categories,
                    purposes.withBroader(request.purpose()), recipients(request), request.time());
            if (request.subjectHash().isPresent() && !consent.permits(request.subjectHash().get(), query)) {
                return Decision.deny(Reason.CONSENT, "the data subject's consent (consent mode "
                        + dataset.consentMode().wire() + ") does not permit purpose '" + request.purpose()
                        + "' for caller " + request.caller() + " on dataset " + dataset.datasetId());
            }
        }
        List<Obligation> obligations = granted.obligations();
        if (!granted.conditional().isEmpty()) {
            obligations = withConditional(obligations, granted.conditional(), request);
        }
        if (query != null) {
            List<Obligation> all = new ArrayList<>(obligations.size() + 1);
            all.addAll(obligations);
            all.add(new Obligation.ConsentFilter(dataset.consentMode(), dataset.subjectField().orElseThrow(), query));
            obligations = all;
        }
        return Decision.permit(obligations);
    }

    private static boolean allHold(List<Condition> conditions, AccessRequest request) {
        for (int i = 0; i < conditions.size(); i++) {
            if (!conditions.get(i).holds(request)) {
                return false;
            }
        }
        return true;
    }

    private List<Reason> whyNotPermitted(AccessRequest request, long bit) {
        List<Reason> reasons = new ArrayList<>();
        List<String> covering = new ArrayList<>();
        for (Rule p : permissions) {
            covering.add(p.label());
            if ((p.actions() & bit) != 0) {
                for (Condition c : p.conditions()) {
                    if (!c.holds(request)) {
                        c.explain(request, reasons);
                    }
                }
            }
        }
        if (reasons.isEmpty()) {
            reasons.add(new Reason(Reason.NOT_PERMITTED, "no permission of agreement " + context.agreementId()
                    + " covers action '" + request.action() + "' (permissions: " + covering + ")"));
        }
        return reasons;
    }

    private static List<Obligation> withConditional(List<Obligation> fixed, List<DutyCompiler.CompiledDuty> duties,
                                                    AccessRequest request) {
        List<Obligation> all = null;
        for (DutyCompiler.CompiledDuty d : duties) {
            if (allHold(d.when(), request)) {
                all = all == null ? new ArrayList<>(fixed) : all;
                all.addAll(d.obligations());
            }
        }
        return all == null ? fixed : DutyCompiler.merge(all);
    }

    private static Set<String> recipients(AccessRequest request) {
        if (request.callerCategories().isEmpty()) {
            return Set.of(request.caller());
        }
        Set<String> all = new HashSet<>(request.callerCategories());
        all.add(request.caller());
        return all;
    }
}
