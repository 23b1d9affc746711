package org.sluis.policy.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a FHIR R4 {@code Consent.provision} and its nested provisions into statements, for
 * {@link FhirConsentReader}.
 *
 * <ul>
 *   <li>{@code type}: {@code permit} or {@code deny}, required on every provision.</li>
 *   <li>{@code period}: read by {@link FhirDateTime} (inclusive FHIR bounds become
 *       {@code [validFrom, validUntil)}).</li>
 *   <li>{@code purpose[]} (Codings): from {@value #ACT_REASON} through the table
 *       {@link #ACT_REASON_PURPOSES} (HRESCH → scientific-research, PUBHLTH → public-health,
 *       HQUALIMP → care-improvement, HSYSADMIN → health-system-administration, HOPERAT →
 *       healthcare-operations, TREAT → treatment, HPAYMT → payment, HMARKT → marketing), or
 *       from {@value #SLUIS_PURPOSE} with the Sluis purpose as code. Narrower codes such as
 *       CLINTRCH are not mapped to a broader purpose: a permission would grow. Anything else is
 *       an issue.</li>
 *   <li>{@code actor[]}: {@code role} must be IRCP (recipient) from {@value #PARTICIPATION_TYPE};
 *       {@code reference} {@code Organization/<id>} or an identifier of system
 *       {@value #PARTICIPANT_SYSTEM} becomes the recipient {@code urn:sluis:participant:<id>}.
 *       Other roles (an author, a custodian) say nothing about who may receive the data and are
 *       issues.</li>
 *   <li>{@code action[]}: {@code access}, {@code use} and {@code disclose} from
 *       {@value #CONSENT_ACTION} are what a delivery is and restrict nothing further;
 *       {@code collect}, {@code correct} or other codes are issues.</li>
 *   <li>{@code class[]} (Codings), one statement each: {@value #SLUIS_CATEGORY} → that data
 *       category; {@value #SLUIS_DATASET} → that dataset; {@value #RESOURCE_TYPES} (e.g.
 *       {@code Observation}) → the category the custodian's table gives, else
 *       {@code fhir:<type>} (e.g. {@code fhir:Observation}), so a dataset declaring that category
 *       is covered. No class: the reader's default category.</li>
 *   <li>{@code securityLabel}, {@code code}, {@code data}, {@code dataPeriod},
 *       {@code extension} and {@code modifierExtension} are issues (they would limit the consent
 *       in ways the exchange cannot enforce per record).</li>
 * </ul>
 *
 * <p><b>Nested provisions</b> are exceptions to their parent. Each becomes its own statements with
 * its own {@code type}; what it does not state it inherits from its parent: the subject, the data
 * classes, the purposes and the actors; its period is its own, cut to its parent's (an exception
 * applies only where the rule it excepts from does). For the exception to win, the
 * {@link ConsentIndex} must rank it above its parent ({@link Consent#specificity()}), or equal if
 * it is a denial: a nested permission that restricts no more than the denial it is nested in
 * would lose to it, and is reported rather than imported to no effect.
 */
final class FhirProvisionReader {
    static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String SLUIS_PURPOSE = "https://sluis.example/purpose";
    static final String SLUIS_CATEGORY = "https://sluis.example/category";
    static final String SLUIS_DATASET = "https://sluis.example/dataset";
    static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    static final String PARTICIPANT_SYSTEM = "urn:sluis:participant";
    static final String PARTICIPANT_PREFIX = "urn:sluis:participant:";

    /** The default v3-ActReason → Sluis purpose table. */
    static final Map<String, String> ACT_REASON_PURPOSES = Map.of("HRESCH", "scientific-research", "PUBHLTH", "public-health",
            "HQUALIMP", "care-improvement", "HSYSADMIN", "health-system-administration", "HOPERAT", "healthcare-operations",
            "TREAT", "treatment", "HPAYMT", "payment", "HMARKT", "marketing");

    private static final Pattern SLUIS_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    private static final Set<String> ACTIONS = Set.of("access", "use", "disclose");
    private static final Set<String> PROVISION_READ = Set.of("type", "period", "actor", "action", "purpose", "class", "provision");
    private static final Set<String> ID_ONLY = Set.of("id");
    private static final Map<String, String> UNENFORCEABLE = Map.of(
            "securityLabel", "provision.securityLabel is not supported: the exchange does not label records, so it cannot limit a consent to labels",
            "code", "provision.code is not supported: a consent limited to records with particular codes cannot be enforced per dataset or category",
            "data", "provision.data is not supported: a consent about particular resource instances cannot be enforced per dataset or category",
            "dataPeriod", "provision.dataPeriod is not supported: a consent limited to data from a time range cannot be enforced");
    private static final Set<String> CODEABLE_READ = Set.of("coding");
    private static final Set<String> CODEABLE_HARMLESS = Set.of("text");
    private static final Set<String> CODING_READ = Set.of("system", "code");
    private static final Set<String> CODING_HARMLESS = Set.of("display", "version", "userSelected", "id");
    private static final Set<String> PERIOD_READ = Set.of("start", "end");
    private static final Set<String> ACTOR_READ = Set.of("role", "reference");
    private static final Set<String> REFERENCE_READ = Set.of("reference", "identifier");
    private static final Set<String> REFERENCE_HARMLESS = Set.of("display", "type");
    private static final Set<String> IDENTIFIER_READ = Set.of("system", "value");
    private static final Set<String> IDENTIFIER_HARMLESS = Set.of("use", "type");

    private final String defaultCategory;
    private final Map<String, String> actReasonPurposes;
    private final Map<String, String> resourceTypeCategories;

    FhirProvisionReader(String defaultCategory, Map<String, String> actReasonPurposes, Map<String, String> resourceTypeCategories) {
        this.defaultCategory = defaultCategory;
        this.actReasonPurposes = actReasonPurposes;
        this.resourceTypeCategories = resourceTypeCategories;
    }

    /** What a provision says, after inheriting what it does not state from its parent. */
    private record Scope(List<Target> targets, List<String> purposes, List<String> recipients, Optional<Instant> from,
                         Optional<Instant> until, boolean permit) {
        int rank(Target t) {
            return (t.dataset ? Consent.DATASET_RANK : 0) + (purposes.isEmpty() ? 0 : 1) + (recipients.isEmpty() ? 0 : 1);
        }
    }

    /** A dataset id or a data category. */
    private record Target(String id, boolean dataset) {
    }

    /** Reads the base provision at {@code at} and its exceptions, adding statements to {@code out}. */
    void read(JsonNode provision, String at, String subject, String source, FhirIssues issues, List<FhirConsentReader.Statement> out) {
        provision(provision, at, null, subject, source, issues, out);
    }

    private void provision(JsonNode p, String at, Scope parent, String subject, String source, FhirIssues issues,
                           List<FhirConsentReader.Statement> out) {
        int issuesBefore = issues.count();
        issues.onlyKnown(p, at, PROVISION_READ, ID_ONLY, UNENFORCEABLE, "a provision");
        String type = issues.text(p, "type", at).orElse("");
        if (!type.equals("permit") && !type.equals("deny")) {
            issues.add(at + "/type", "expected type permit or deny " + (parent == null ? "on the base provision" : "on an exception")
                    + ", found " + (type.isEmpty() ? "none" : type));
        }
        boolean permit = type.equals("permit");
        Bounds period = period(p, at, parent, issues);
        List<String> recipients = actors(p, at, issues);
        actions(p, at, issues);
        List<String> purposes = purposes(p, at, issues);
        List<Target> targets = targets(p, at, issues);
        Scope own = new Scope(
                !targets.isEmpty() ? targets : parent != null ? parent.targets : List.of(new Target(defaultCategory, false)),
                !purposes.isEmpty() || parent == null ? purposes : parent.purposes,
                !recipients.isEmpty() || parent == null ? recipients : parent.recipients, period.from, period.until, permit);
        // Only judge an exception whose own elements were all understood: otherwise the issue is already told.
        if (parent != null && permit != parent.permit && issues.count() == issuesBefore && !overrides(own, parent)) {
            issues.add(at, "this exception (" + type + ") is not more specific than the " + (parent.permit ? "permit" : "deny")
                    + " it is nested in, so it would not take effect: give it a purpose or an actor its parent lacks, or a dataset class");
        }
        for (Target t : own.targets) {
            out.add(new FhirConsentReader.Statement(subject, t.dataset ? Optional.of(t.id) : Optional.empty(),
                    t.dataset ? Optional.empty() : Optional.of(t.id), own.purposes, own.recipients, own.from, own.until, permit, source));
        }
        for (Map.Entry<String, JsonNode> nested : issues.array(p, "provision", at)) {
            provision(nested.getValue(), nested.getKey(), own, subject, source, issues, out);
        }
    }

    /** Whether every statement of {@code own} outranks (or, as a denial, ties) every statement of its parent. */
    private static boolean overrides(Scope own, Scope parent) {
        for (Target t : own.targets) {
            for (Target pt : parent.targets) {
                int r = own.rank(t);
                int pr = parent.rank(pt);
                if (r < pr || (r == pr && own.permit)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A provision's period as half-open bounds. */
    private record Bounds(Optional<Instant> from, Optional<Instant> until) {
    }

    private static Bounds period(JsonNode p, String at, Scope parent, FhirIssues issues) {
        Optional<Instant> from = Optional.empty();
        Optional<Instant> until = Optional.empty();
        Optional<JsonNode> period = issues.object(p, "period", at);
        if (period.isPresent()) {
            String pp = at + "/period";
            issues.onlyKnown(period.get(), pp, PERIOD_READ, ID_ONLY, "a period");
            from = bound(period.get(), "start", pp, issues, false);
            until = bound(period.get(), "end", pp, issues, true);
        }
        if (parent != null) { // an exception applies only within its parent's period
            if (parent.from.isPresent() && (from.isEmpty() || from.get().isBefore(parent.from.get()))) {
                from = parent.from;
            }
            if (parent.until.isPresent() && (until.isEmpty() || until.get().isAfter(parent.until.get()))) {
                until = parent.until;
            }
        }
        // An exception that states no period of its own takes its parent's, whose emptiness is told at the parent.
        if (period.isPresent() && from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
            issues.add(at + "/period", "expected a period that is not empty" + (parent != null ? " within the parent's period" : "")
                    + ", found from " + from.get() + " until " + until.get());
        }
        return new Bounds(from, until);
    }

    private static Optional<Instant> bound(JsonNode period, String name, String at, FhirIssues issues, boolean end) {
        return issues.text(period, name, at).flatMap(text -> {
            try {
                return Optional.of(end ? FhirDateTime.endExclusive(text) : FhirDateTime.start(text));
            } catch (IllegalArgumentException e) {
                issues.add(at + "/" + name, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static List<String> actors(JsonNode p, String at, FhirIssues issues) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> a : issues.array(p, "actor", at)) {
            String aa = a.getKey();
            JsonNode actor = a.getValue();
            issues.onlyKnown(actor, aa, ACTOR_READ, ID_ONLY, "an actor");
            Optional<JsonNode> role = issues.object(actor, "role", aa);
            List<String> roles = role.map(r -> codings(r, aa + "/role", issues)).orElse(List.of());
            if (!roles.contains(PARTICIPATION_TYPE + "#IRCP")) {
                issues.add(aa + "/role", "expected the role IRCP (recipient) from " + PARTICIPATION_TYPE
                        + ": a consent names who may receive the data; found " + (role.isEmpty() ? "no role" : roles));
            }
            Optional<JsonNode> ref = issues.object(actor, "reference", aa);
            if (ref.isEmpty()) {
                if (!actor.has("reference")) {
                    issues.add(aa + "/reference", "expected a reference to the recipient, found none");
                }
                continue;
            }
            String ra = aa + "/reference";
            issues.onlyKnown(ref.get(), ra, REFERENCE_READ, REFERENCE_HARMLESS, "an actor reference");
            Optional<String> reference = issues.text(ref.get(), "reference", ra);
            Optional<JsonNode> identifier = issues.object(ref.get(), "identifier", ra);
            if (reference.isPresent()) {
                String r = reference.get();
                if (r.startsWith("Organization/") && ID.matcher(r.substring("Organization/".length())).matches()) {
                    out.add(PARTICIPANT_PREFIX + r.substring("Organization/".length()));
                } else {
                    issues.add(ra + "/reference", "expected Organization/<participant id>, found " + r);
                }
            } else if (identifier.isPresent()) {
                issues.onlyKnown(identifier.get(), ra + "/identifier", IDENTIFIER_READ, IDENTIFIER_HARMLESS, "an identifier");
                String system = issues.text(identifier.get(), "system", ra + "/identifier").orElse("");
                String value = issues.text(identifier.get(), "value", ra + "/identifier").orElse("");
                if (system.equals(PARTICIPANT_SYSTEM) && ID.matcher(value).matches()) {
                    out.add(PARTICIPANT_PREFIX + value);
                } else {
                    issues.add(ra + "/identifier", "expected an identifier of system " + PARTICIPANT_SYSTEM
                            + " with a participant id as value, found " + system + "|" + value);
                }
            } else {
                issues.add(ra, "expected reference Organization/<participant id> or an identifier of system " + PARTICIPANT_SYSTEM
                        + ", found neither");
            }
        }
        return List.copyOf(out);
    }

    private static void actions(JsonNode p, String at, FhirIssues issues) {
        for (Map.Entry<String, JsonNode> a : issues.array(p, "action", at)) {
            List<String> codes = codings(a.getValue(), a.getKey(), issues);
            boolean delivery = !codes.isEmpty() && codes.stream().allMatch(c -> c.startsWith(CONSENT_ACTION + "#")
                    && ACTIONS.contains(c.substring(CONSENT_ACTION.length() + 1)));
            if (!delivery) {
                issues.add(a.getKey(), "expected the action access, use or disclose from " + CONSENT_ACTION
                        + " (what delivering data is), found " + codes);
            }
        }
    }

    private List<String> purposes(JsonNode p, String at, FhirIssues issues) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> c : issues.array(p, "purpose", at)) {
            String[] sc = coding(c.getValue(), c.getKey(), issues);
            if (sc[0].equals(ACT_REASON) && actReasonPurposes.containsKey(sc[1])) {
                out.add(actReasonPurposes.get(sc[1]));
            } else if (sc[0].equals(SLUIS_PURPOSE) && SLUIS_CODE.matcher(sc[1]).matches()) {
                out.add(sc[1]);
            } else {
                issues.add(c.getKey(), "expected a purpose from " + ACT_REASON + " (one of " + new java.util.TreeSet<>(actReasonPurposes.keySet())
                        + ") or a Sluis purpose from " + SLUIS_PURPOSE + ", found " + sc[0] + "#" + sc[1]);
            }
        }
        return List.copyOf(out);
    }

    private List<Target> targets(JsonNode p, String at, FhirIssues issues) {
        Set<Target> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> c : issues.array(p, "class", at)) {
            String[] sc = coding(c.getValue(), c.getKey(), issues);
            if (sc[0].equals(SLUIS_CATEGORY) && SLUIS_CODE.matcher(sc[1]).matches()) {
                out.add(new Target(sc[1], false));
            } else if (sc[0].equals(SLUIS_DATASET) && ID.matcher(sc[1]).matches()) {
                out.add(new Target(sc[1], true));
            } else if (sc[0].equals(RESOURCE_TYPES) && RESOURCE_TYPE.matcher(sc[1]).matches()) {
                out.add(new Target(resourceTypeCategories.getOrDefault(sc[1], "fhir:" + sc[1]), false));
            } else {
                issues.add(c.getKey(), "expected a data class from " + SLUIS_CATEGORY + ", " + SLUIS_DATASET + " or " + RESOURCE_TYPES
                        + ", found " + sc[0] + "#" + sc[1]);
            }
        }
        return List.copyOf(out);
    }

    /** The {@code system#code} of each coding of a CodeableConcept, reporting unknown members. */
    static List<String> codings(JsonNode codeableConcept, String at, FhirIssues issues) {
        issues.onlyKnown(codeableConcept, at, CODEABLE_READ, CODEABLE_HARMLESS, "a CodeableConcept");
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> c : issues.array(codeableConcept, "coding", at)) {
            String[] sc = coding(c.getValue(), c.getKey(), issues);
            out.add(sc[0] + "#" + sc[1]);
        }
        return out;
    }

    /** A Coding's system and code ({@code ""} where absent), reporting unknown members. */
    private static String[] coding(JsonNode coding, String at, FhirIssues issues) {
        issues.onlyKnown(coding, at, CODING_READ, CODING_HARMLESS, "a Coding");
        return new String[] {issues.text(coding, "system", at).orElse(""), issues.text(coding, "code", at).orElse("")};
    }
}
