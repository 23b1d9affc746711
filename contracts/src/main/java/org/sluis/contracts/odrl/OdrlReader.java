package org.sluis.contracts.odrl;

import com.fasterxml.jackson.databind.JsonNode;
import org.sluis.contracts.odrl.ReadContext.Located;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy document into the model and checks the ODRL 2.2 requirements that span members
 * (ODRL Information Model 2.2, sections "Policy Class", "Rule Class", "Policy Conflict Strategy").
 * Structure is read first, skipping what is broken; the cross-member checks then run over every
 * rule that was found, so one pass reports all problems. Each problem points into the document as
 * given (its own member names and array positions), not into a normalised copy.
 */
final class OdrlReader {

    private static final Set<String> POLICY_MEMBERS = Set.of("@context", "@type", "uid", "profile", "dct:issued",
            "assigner", "assignee", "target", "conflict", "permission", "prohibition", "obligation");
    private static final Set<String> RULE_MEMBERS = Set.of("@type", "uid", "target", "action", "assigner",
            "assignee", "constraint");
    /**
     * RFC 3339 section 5.6 {@code date-time}: seconds and an offset are required, which
     * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} alone does not insist on (it accepts
     * {@code 10:15Z} and offsets with seconds). The formatter then checks the ranges.
     */
    private static final Pattern RFC_3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})");
    private static final String ISSUED_EXAMPLE = "expected an RFC 3339 date-time such as 2026-11-23T10:15:30Z";

    /** A kind of rule: its {@code @type} term and the member holding its nested duties. */
    private enum Kind {
        PERMISSION("Permission", "duty"), PROHIBITION("Prohibition", "remedy"), DUTY("Duty", "consequence");

        final String term;
        final String nested;

        Kind(String term, String nested) {
            this.term = term;
            this.nested = nested;
        }
    }

    /** What the cross-member checks need to know about one top-level rule. */
    private record Site(Kind kind, String pointer, Optional<String> target, Optional<String> action,
                        boolean hasAssigner, boolean hasAssignee) {
    }

    /** The parts of a rule, each empty when absent or broken. */
    private record Parts(Optional<String> uid, Optional<String> target, Optional<Action> action,
                         Optional<String> assigner, Optional<String> assignee, List<Constraint> constraints,
                         List<Rule.Duty> nested) {
    }

    private final ReadContext ctx = new ReadContext();
    private final ConstraintReader constraints = new ConstraintReader(ctx);
    private final Map<String, String> ruleUids = new HashMap<>();
    private final List<Site> sites = new ArrayList<>();

    private OdrlReader() {
    }

    /** Reads {@code root}; never throws on bad input. */
    static PolicyRead read(JsonNode root) {
        return new OdrlReader().policy(root);
    }

    private PolicyRead policy(JsonNode root) {
        if (root == null || !root.isObject()) {
            ctx.problem("", "expected a JSON object holding an ODRL policy, found "
                    + (root == null ? "nothing" : ReadContext.describe(root)));
            return new PolicyRead.Invalid(ctx.problems());
        }
        Map<String, Located> m = ctx.members(root, "", POLICY_MEMBERS, "a policy");
        Optional.ofNullable(m.get("@context")).ifPresent(this::context);
        Optional<PolicyType> type = policyType(m.get("@type"));
        Optional<String> uid = Optional.ofNullable(m.get("uid")).flatMap(v -> ctx.iri(v, "the policy uid"));
        if (!m.containsKey("uid")) {
            ctx.problem("/uid", "expected a policy uid, found none");
        }
        Optional<String> profile = optionalIri(m, "profile", "a profile");
        Optional<Instant> issued = Optional.ofNullable(m.get("dct:issued")).flatMap(this::issued);
        Optional<String> assigner = optionalIri(m, "assigner", "an assigner");
        Optional<String> assignee = optionalIri(m, "assignee", "an assignee");
        Optional<String> target = optionalIri(m, "target", "a target");
        Optional<ConflictStrategy> conflict = conflict(m.get("conflict"));

        List<Rule.Permission> permissions = new ArrayList<>();
        List<Rule.Prohibition> prohibitions = new ArrayList<>();
        List<Rule.Duty> obligations = new ArrayList<>();
        int ruleCount = 0;
        for (Located item : rules(m, "permission")) {
            ruleCount++;
            rule(item, Kind.PERMISSION, true, true).ifPresent(p -> permissions.add(new Rule.Permission(p.uid(),
                    p.target(), p.action().orElseThrow(), p.assigner(), p.assignee(), p.constraints(), p.nested())));
        }
        for (Located item : rules(m, "prohibition")) {
            ruleCount++;
            rule(item, Kind.PROHIBITION, true, true).ifPresent(p -> prohibitions.add(new Rule.Prohibition(p.uid(),
                    p.target(), p.action().orElseThrow(), p.assigner(), p.assignee(), p.constraints(), p.nested())));
        }
        for (Located item : rules(m, "obligation")) {
            ruleCount++;
            rule(item, Kind.DUTY, true, true).ifPresent(p -> obligations.add(duty(p)));
        }

        if (ruleCount == 0) {
            ctx.problem("", "expected at least one permission, prohibition or obligation, found none");
        }
        boolean policyTarget = m.containsKey("target");
        for (Site site : sites) {
            if (site.kind() != Kind.DUTY && !policyTarget && site.target().isEmpty()) {
                ctx.problem(ReadContext.child(site.pointer(), "target"), "expected a target on the "
                        + site.kind().term.toLowerCase(java.util.Locale.ROOT)
                        + " because the policy has none, found none");
            }
        }
        type.ifPresent(t -> parties(t, m.containsKey("assigner"), m.containsKey("assignee")));
        if (!m.containsKey("conflict") || conflict.equals(Optional.of(ConflictStrategy.INVALID))) {
            conflicts(target);
        }

        if (!ctx.problems().isEmpty()) {
            return new PolicyRead.Invalid(ctx.problems());
        }
        return new PolicyRead.Valid(new Policy(type.orElseThrow(), uid.orElseThrow(), profile, issued, assigner,
                assignee, target, conflict.orElse(ConflictStrategy.INVALID), permissions, prohibitions, obligations));
    }

    private void context(Located value) {
        List<Located> items = ctx.many(value);
        boolean odrl = items.size() == 1 && items.get(0).node().isTextual()
                && Terms.isOdrlContext(items.get(0).node().asText());
        if (!odrl) {
            ctx.problem(value.pointer(), "expected '@context' to be \"" + Terms.ODRL_CONTEXT + "\" alone (other"
                    + " contexts could redefine ODRL terms), found " + ReadContext.describe(value.node()));
        }
    }

    /**
     * Reads {@code dct:issued}: an RFC 3339 string, or a typed literal
     * {@code {"@value": ..., "@type": "xsd:dateTime"}} (the datatype is required in that form so a
     * date or some other literal is not mistaken for a moment).
     */
    private Optional<Instant> issued(Located value) {
        Optional<Located> one = ctx.single(value);
        if (one.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = one.get().node();
        String pointer = one.get().pointer();
        if (!node.isObject()) {
            return dateTime(one.get());
        }
        Map<String, Located> fields = ctx.members(node, pointer, Set.of("@value", "@type"), "a typed literal");
        Located type = fields.get("@type");
        Located lexical = fields.get("@value");
        if (type == null) {
            ctx.problem(ReadContext.child(pointer, "@type"), "expected '@type' xsd:dateTime in the dct:issued"
                    + " literal, found none");
        } else {
            ctx.term(type, "a literal datatype").ifPresent(t -> {
                String datatype = Terms.xsd(t.node().asText());
                if (!"xsd:dateTime".equals(datatype)) {
                    ctx.problem(t.pointer(), "expected '@type' xsd:dateTime in the dct:issued literal, found '"
                            + datatype + "'");
                }
            });
        }
        if (lexical == null) {
            ctx.problem(ReadContext.child(pointer, "@value"), ISSUED_EXAMPLE + " in '@value', found none");
            return Optional.empty();
        }
        return dateTime(lexical);
    }

    private Optional<Instant> dateTime(Located value) {
        JsonNode node = value.node();
        if (node.isTextual() && RFC_3339.matcher(node.asText()).matches()) {
            try {
                return Optional.of(OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                // out of range, e.g. month 13: reported below like any other malformed value
            }
        }
        ctx.problem(value.pointer(), ISSUED_EXAMPLE + ", found " + ReadContext.describe(node));
        return Optional.empty();
    }

    private Optional<PolicyType> policyType(Located value) {
        if (value == null) {
            ctx.problem("/@type", "expected '@type' Set, Offer or Agreement, found none");
            return Optional.empty();
        }
        return ctx.term(value, "the policy type").flatMap(t -> {
            for (PolicyType candidate : PolicyType.values()) {
                if (candidate.term().equals(t.node().asText())) {
                    return Optional.of(candidate);
                }
            }
            ctx.problem(t.pointer(), "expected '@type' Set, Offer or Agreement, found '" + t.node().asText() + "'");
            return Optional.empty();
        });
    }

    private Optional<ConflictStrategy> conflict(Located value) {
        if (value == null) {
            return Optional.empty();
        }
        return ctx.term(value, "a conflict strategy").flatMap(t -> {
            for (ConflictStrategy candidate : ConflictStrategy.values()) {
                if (candidate.term().equals(t.node().asText())) {
                    return Optional.of(candidate);
                }
            }
            ctx.problem(t.pointer(), "expected conflict perm, prohibit or invalid, found '" + t.node().asText() + "'");
            return Optional.empty();
        });
    }

    private Optional<String> optionalIri(Map<String, Located> members, String name, String what) {
        return Optional.ofNullable(members.get(name)).flatMap(v -> ctx.iri(v, what));
    }

    private List<Located> rules(Map<String, Located> members, String name) {
        Located value = members.get(name);
        return value == null ? List.of() : ctx.many(value);
    }

    private static Rule.Duty duty(Parts p) {
        return new Rule.Duty(p.uid(), p.target(), p.action().orElseThrow(), p.assigner(), p.assignee(),
                p.constraints(), p.nested());
    }

    /**
     * Reads one rule. Returns empty if any part of it (including nested duties) had a problem.
     *
     * @param topLevel      whether the rule sits directly in the policy (and takes part in the cross checks)
     * @param nestedAllowed whether the rule may carry nested duties (a consequence or remedy may not)
     */
    private Optional<Parts> rule(Located value, Kind kind, boolean topLevel, boolean nestedAllowed) {
        String pointer = value.pointer();
        String what = "a " + kind.term.toLowerCase(java.util.Locale.ROOT);
        if (!value.node().isObject()) {
            ctx.problem(pointer, "expected " + what + " object, found " + ReadContext.describe(value.node()));
            return Optional.empty();
        }
        int before = ctx.problems().size();
        Set<String> allowed = new HashSet<>(RULE_MEMBERS);
        allowed.add(kind.nested);
        Map<String, Located> m = ctx.members(value.node(), pointer, allowed, what);
        Optional.ofNullable(m.get("@type")).flatMap(t -> ctx.term(t, "a rule type")).ifPresent(t -> {
            if (!kind.term.equals(t.node().asText())) {
                ctx.problem(t.pointer(), "expected '@type' " + kind.term + ", found '" + t.node().asText() + "'");
            }
        });
        Optional<String> uid = optionalIri(m, "uid", "a rule uid");
        uid.ifPresent(u -> {
            String at = m.get("uid").pointer();
            String first = ruleUids.putIfAbsent(u, at);
            if (first != null) {
                ctx.problem(at, "expected a unique rule uid, found '" + u + "' already used at " + first);
            }
        });
        Optional<String> target = optionalIri(m, "target", "a target");
        Optional<Action> action = Optional.ofNullable(m.get("action")).flatMap(constraints::action);
        if (!m.containsKey("action")) {
            ctx.problem(ReadContext.child(pointer, "action"), "expected " + what + " to have an action, found none");
        }
        Optional<String> assigner = optionalIri(m, "assigner", "an assigner");
        Optional<String> assignee = optionalIri(m, "assignee", "an assignee");
        List<Constraint> conditions = Optional.ofNullable(m.get("constraint"))
                .map(c -> constraints.constraints(c, 0)).orElse(List.of());
        List<Rule.Duty> nested = new ArrayList<>();
        Located nestedValue = m.get(kind.nested);
        if (nestedValue != null && !nestedAllowed) {
            ctx.problem(nestedValue.pointer(), "expected no '" + kind.nested + "' inside a consequence or remedy,"
                    + " found one");
        } else if (nestedValue != null) {
            for (Located item : ctx.many(nestedValue)) {
                boolean deeper = kind == Kind.PERMISSION;
                rule(item, Kind.DUTY, false, deeper).ifPresent(p -> nested.add(duty(p)));
            }
        }
        if (topLevel) {
            sites.add(new Site(kind, pointer, target, action.map(Action::value),
                    m.containsKey("assigner"), m.containsKey("assignee")));
        }
        if (ctx.problems().size() != before) {
            return Optional.empty();
        }
        return Optional.of(new Parts(uid, target, action, assigner, assignee, conditions, nested));
    }

    /** An Offer needs an assigner; an Agreement an assigner and an assignee (policy-wide or on every rule). */
    private void parties(PolicyType type, boolean policyAssigner, boolean policyAssignee) {
        boolean everyRuleAssigner = !sites.isEmpty() && sites.stream().allMatch(Site::hasAssigner);
        boolean everyRuleAssignee = !sites.isEmpty() && sites.stream().allMatch(Site::hasAssignee);
        if (type != PolicyType.SET && !policyAssigner && !everyRuleAssigner) {
            ctx.problem("/assigner", "expected an " + type.term() + " to have an assigner, found none");
        }
        if (type == PolicyType.AGREEMENT && !policyAssignee && !everyRuleAssignee) {
            ctx.problem("/assignee", "expected an Agreement to have an assignee, found none");
        }
    }

    /**
     * Under the {@code invalid} strategy any conflict voids the policy, so a permission and a
     * prohibition on the same target and action are rejected before signing. Constraints are not
     * compared: whether they overlap is only known at evaluation time.
     */
    private void conflicts(Optional<String> policyTarget) {
        for (Site permission : sites) {
            if (permission.kind() != Kind.PERMISSION || permission.action().isEmpty()) {
                continue;
            }
            Optional<String> target = permission.target().or(() -> policyTarget);
            for (Site prohibition : sites) {
                if (prohibition.kind() == Kind.PROHIBITION && target.isPresent()
                        && prohibition.action().equals(permission.action())
                        && prohibition.target().or(() -> policyTarget).equals(target)) {
                    String what = " on target " + target.get() + " and action " + permission.action().get()
                            + " under conflict strategy invalid";
                    ctx.problem(permission.pointer(), "expected no prohibition on the same target and action as this"
                            + " permission, found " + prohibition.pointer() + what);
                    ctx.problem(prohibition.pointer(), "expected no permission on the same target and action as this"
                            + " prohibition, found " + permission.pointer() + what);
                }
            }
        }
    }
}
