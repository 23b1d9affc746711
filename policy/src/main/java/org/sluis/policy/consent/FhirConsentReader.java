package org.sluis.policy.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads FHIR R4 {@code Consent} resources (https://hl7.org/fhir/R4/consent.html), alone or in a
 * {@code Bundle}, into consent statements. Pure: no I/O; the caller parses the JSON and hashes the
 * subjects. All or nothing: every issue in the document is collected, and a result with issues
 * carries no statements. Nothing is silently ignored: an element this reader does not interpret
 * is an issue unless it is listed below as harmless metadata.
 *
 * <p><b>A Consent</b> must have {@code status} {@code active} (any other status is an issue; a
 * revoked consent is revoked through the exchange's API, not imported), a {@code scope} coding
 * {@code research} or {@code patient-privacy} from {@value #CONSENT_SCOPE}, an {@code id} (the
 * statements' source is {@code fhir:Consent/<id>}), a {@code patient} whose
 * {@code reference} is {@code Patient/<id>} or, failing that, whose {@code identifier.value} is
 * the subject's pseudonymous id, and a {@code provision} with a {@code type}. A
 * {@code policyRule} may only name {@code OPTIN} or {@code OPTOUT} from {@value #ACT_CODE} (the
 * dataset's consent mode decides what no consent means); {@code policy}, {@code contained},
 * {@code implicitRules}, {@code extension} and {@code modifierExtension} are issues. Harmless and
 * not read: {@code meta}, {@code text}, {@code language}, {@code identifier}, {@code dateTime},
 * {@code performer}, {@code organization}, {@code category}, {@code sourceAttachment},
 * {@code sourceReference}, {@code verification}.
 *
 * <p><b>Provisions</b> are read by {@link FhirProvisionReader}, whose comment gives the code
 * tables: purposes, recipients, data classes, periods and how nested provisions (exceptions)
 * inherit from their parent.
 *
 * <p><b>A Bundle</b> of {@code type} {@code collection}, {@code transaction} or {@code batch}:
 * each {@code entry[i].resource} must be a Consent, read as above with pointers under
 * {@code /entry/i/resource}; a transaction or batch entry's {@code request.method} must be
 * {@code POST} or {@code PUT}. Two Consents with the same id are an issue.
 */
public final class FhirConsentReader {
    /** The code system of {@code Consent.scope}. */
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    /** The code system of the {@code OPTIN}/{@code OPTOUT} policy rules. */
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Set<String> SCOPES = Set.of("research", "patient-privacy");
    private static final Set<String> POLICY_RULES = Set.of("OPTIN", "OPTOUT");
    private static final Set<String> BUNDLE_TYPES = Set.of("collection", "transaction", "batch");
    private static final Set<String> CONSENT_READ = Set.of("resourceType", "id", "status", "scope", "patient", "policyRule", "provision");
    private static final Set<String> CONSENT_HARMLESS = Set.of("meta", "text", "language", "identifier", "dateTime", "performer",
            "organization", "category", "sourceAttachment", "sourceReference", "verification");
    private static final Map<String, String> CONSENT_UNSUPPORTED = Map.of(
            "policy", "Consent.policy refers to policy text whose terms the exchange cannot enforce; state them in the provisions",
            "contained", "contained resources are not supported; refer to the patient and recipients by Patient/<id> and Organization/<id>",
            "implicitRules", "implicitRules may change how the Consent must be read and is not supported");
    private static final Set<String> BUNDLE_READ = Set.of("resourceType", "type", "entry");
    private static final Set<String> BUNDLE_HARMLESS = Set.of("id", "meta", "language", "identifier", "timestamp", "total", "link");
    private static final Set<String> ENTRY_READ = Set.of("resource", "request");
    private static final Set<String> ENTRY_HARMLESS = Set.of("fullUrl", "link");
    private static final Set<String> REQUEST_READ = Set.of("method");
    private static final Set<String> REQUEST_HARMLESS = Set.of("url");
    private static final Set<String> REFERENCE_READ = Set.of("reference", "identifier");
    private static final Set<String> REFERENCE_HARMLESS = Set.of("display", "type");

    private final FhirProvisionReader provisions;

    /**
     * A reader with the default code tables of {@link FhirProvisionReader}.
     *
     * @param defaultCategory the data category of a provision (and its exceptions) that names no data class
     */
    public FhirConsentReader(String defaultCategory) {
        this(defaultCategory, FhirProvisionReader.ACT_REASON_PURPOSES, Map.of());
    }

    /**
     * A reader with the custodian's own code tables.
     *
     * @param defaultCategory        the data category of a provision (and its exceptions) that names no data class
     * @param actReasonPurposes      v3-ActReason code → Sluis purpose; a code not in it is an issue
     * @param resourceTypeCategories FHIR resource type → data category, for types that should not map to {@code fhir:<type>}
     */
    public FhirConsentReader(String defaultCategory, Map<String, String> actReasonPurposes, Map<String, String> resourceTypeCategories) {
        Objects.requireNonNull(defaultCategory, "defaultCategory");
        if (defaultCategory.isBlank()) {
            throw new IllegalArgumentException("expected a default category, found a blank one");
        }
        this.provisions = new FhirProvisionReader(defaultCategory, Map.copyOf(actReasonPurposes), Map.copyOf(resourceTypeCategories));
    }

    /**
     * Reads a Consent, or a Bundle of Consents.
     *
     * @param resource the parsed JSON document as submitted
     * @return the statements, or every issue found (then without statements)
     */
    public Result read(JsonNode resource) {
        FhirIssues issues = new FhirIssues();
        List<Statement> statements = new ArrayList<>();
        if (resource == null || !resource.isObject()) {
            issues.add("", "expected a FHIR Consent or Bundle (a JSON object), found " + (resource == null ? "nothing" : FhirIssues.kind(resource)));
        } else {
            String type = resource.path("resourceType").asText("");
            switch (type) {
                case "Consent" -> consent(resource, "", issues, statements);
                case "Bundle" -> bundle(resource, issues, statements);
                default -> issues.add("/resourceType", "expected resourceType Consent or Bundle, found " + (type.isEmpty() ? "none" : type));
            }
        }
        return issues.none() ? new Result(statements, List.of()) : new Result(List.of(), issues.all());
    }

    private void bundle(JsonNode bundle, FhirIssues issues, List<Statement> statements) {
        issues.onlyKnown(bundle, "", BUNDLE_READ, BUNDLE_HARMLESS, "a Bundle");
        String type = issues.text(bundle, "type", "").orElse("");
        if (!BUNDLE_TYPES.contains(type)) {
            issues.add("/type", "expected a Bundle of type collection, transaction or batch, found " + (type.isEmpty() ? "none" : type));
        }
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : issues.array(bundle, "entry", "")) {
            String at = e.getKey();
            JsonNode entry = e.getValue();
            issues.onlyKnown(entry, at, ENTRY_READ, ENTRY_HARMLESS, "a Bundle entry");
            issues.object(entry, "request", at).ifPresent(request -> {
                issues.onlyKnown(request, at + "/request", REQUEST_READ, REQUEST_HARMLESS, "an entry's request");
                String method = issues.text(request, "method", at + "/request").orElse("");
                if (!method.equals("POST") && !method.equals("PUT")) {
                    issues.add(at + "/request/method", "expected POST or PUT (an import adds consents), found " + (method.isEmpty() ? "none" : method));
                }
            });
            Optional<JsonNode> resource = issues.object(entry, "resource", at);
            if (resource.isEmpty()) {
                if (!entry.has("resource")) {
                    issues.add(at, "expected a resource in the entry, found none");
                }
                continue;
            }
            String resourceType = resource.get().path("resourceType").asText("");
            if (!resourceType.equals("Consent")) {
                issues.add(at + "/resource/resourceType", "expected a Consent, found " + (resourceType.isEmpty() ? "no resourceType" : resourceType));
                continue;
            }
            String id = resource.get().path("id").asText("");
            String earlier = id.isEmpty() ? null : seen.putIfAbsent(id, at);
            if (earlier != null) {
                issues.add(at + "/resource/id", "Consent/" + id + " appears twice in the Bundle, first at " + earlier);
            }
            consent(resource.get(), at + "/resource", issues, statements);
        }
    }

    private void consent(JsonNode consent, String at, FhirIssues issues, List<Statement> statements) {
        issues.onlyKnown(consent, at, CONSENT_READ, CONSENT_HARMLESS, CONSENT_UNSUPPORTED, "a Consent");
        Optional<String> id = issues.text(consent, "id", at);
        if (id.isEmpty()) {
            issues.add(at + "/id", "expected the Consent's id (the statements name it as their source), found none");
        } else if (!FHIR_ID.matcher(id.get()).matches()) {
            issues.add(at + "/id", "expected a FHIR id (1 to 64 of A-Z a-z 0-9 - .), found " + id.get());
        }
        String status = issues.text(consent, "status", at).orElse("");
        if (!status.equals("active")) {
            issues.add(at + "/status", "expected status active (only consents in force are imported), found " + (status.isEmpty() ? "none" : status));
        }
        scope(consent, at, issues);
        policyRule(consent, at, issues);
        Optional<String> subject = patient(consent, at, issues);
        Optional<JsonNode> provision = issues.object(consent, "provision", at);
        if (provision.isEmpty()) {
            if (!consent.has("provision")) {
                issues.add(at + "/provision", "expected a provision saying what is permitted or denied, found none");
            }
            return;
        }
        String source = "fhir:Consent/" + id.orElse("");
        provisions.read(provision.get(), at + "/provision", subject.orElse("?"), source, issues, statements);
    }

    private static void scope(JsonNode consent, String at, FhirIssues issues) {
        Optional<JsonNode> scope = issues.object(consent, "scope", at);
        if (scope.isEmpty()) {
            if (!consent.has("scope")) {
                issues.add(at + "/scope", "expected a scope (research or patient-privacy from " + CONSENT_SCOPE + "), found none");
            }
            return;
        }
        List<String> found = FhirProvisionReader.codings(scope.get(), at + "/scope", issues);
        if (!hasCode(scope.get(), CONSENT_SCOPE, SCOPES)) {
            issues.add(at + "/scope", "expected scope research or patient-privacy from " + CONSENT_SCOPE + ", found " + found);
        }
    }

    private static void policyRule(JsonNode consent, String at, FhirIssues issues) {
        issues.object(consent, "policyRule", at).ifPresent(rule -> {
            List<String> found = FhirProvisionReader.codings(rule, at + "/policyRule", issues);
            if (!hasCode(rule, ACT_CODE, POLICY_RULES) || found.size() != 1) {
                issues.add(at + "/policyRule", "expected the policy rule OPTIN or OPTOUT from " + ACT_CODE
                        + " (other rules cannot be enforced as consent records), found " + found);
            }
        });
    }

    private static boolean hasCode(JsonNode codeableConcept, String system, Set<String> codes) {
        for (JsonNode c : codeableConcept.path("coding")) {
            if (system.equals(c.path("system").asText()) && codes.contains(c.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> patient(JsonNode consent, String at, FhirIssues issues) {
        Optional<JsonNode> patient = issues.object(consent, "patient", at);
        String p = at + "/patient";
        if (patient.isEmpty()) {
            if (!consent.has("patient")) {
                issues.add(p, "expected the patient (Patient/<id> or an identifier), found none");
            }
            return Optional.empty();
        }
        issues.onlyKnown(patient.get(), p, REFERENCE_READ, REFERENCE_HARMLESS, "the patient reference");
        Optional<String> reference = issues.text(patient.get(), "reference", p);
        if (reference.isPresent()) {
            String r = reference.get();
            if (r.startsWith("Patient/") && FHIR_ID.matcher(r.substring("Patient/".length())).matches()) {
                return Optional.of(r.substring("Patient/".length()));
            }
            issues.add(p + "/reference", "expected a relative reference Patient/<id>, found " + r);
            return Optional.empty();
        }
        Optional<String> value = issues.object(patient.get(), "identifier", p).flatMap(i -> issues.text(i, "value", p + "/identifier"));
        if (value.isEmpty() || value.get().isBlank()) {
            issues.add(p, "expected patient.reference Patient/<id> or patient.identifier.value, found neither");
            return Optional.empty();
        }
        return value;
    }

    /**
     * What reading a document gave.
     *
     * @param statements the consent statements, in document order; empty when there are issues
     * @param issues     everything that kept the document from being imported as written
     */
    public record Result(List<Statement> statements, List<Issue> issues) {
        /** Copies the lists. */
        public Result {
            statements = List.copyOf(statements);
            issues = List.copyOf(issues);
        }

        /**
         * Tells whether the document can be imported.
         *
         * @return true if there were no issues
         */
        public boolean ok() {
            return issues.isEmpty();
        }
    }

    /**
     * One consent read from a provision: what the exchange stores after hashing the subject.
     *
     * @param subject    the subject's pseudonymous id as the custodian knows it (raw: the exchange hashes it)
     * @param datasetId  the dataset it is about, or empty when it is about a category
     * @param category   the data category it is about, or empty when it is about a dataset
     * @param purposes   the Sluis purposes it covers; empty: any
     * @param recipients the recipients ({@code urn:sluis:participant:<id>}) it covers; empty: any
     * @param validFrom  from when (inclusive), if limited
     * @param validUntil until when (exclusive), if limited
     * @param permit     true for a permission, false for a denial
     * @param source     {@code fhir:Consent/<id>}
     */
    public record Statement(String subject, Optional<String> datasetId, Optional<String> category, List<String> purposes,
                            List<String> recipients, Optional<Instant> validFrom, Optional<Instant> validUntil, boolean permit,
                            String source) {
        /** Checks the components and copies the lists. */
        public Statement {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(source, "source");
            if (datasetId.isPresent() == category.isPresent()) {
                throw new IllegalArgumentException("a statement is about a dataset or a category, exactly one");
            }
            purposes = List.copyOf(purposes);
            recipients = List.copyOf(recipients);
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(validUntil, "validUntil");
        }
    }

    /**
     * Something in the document that keeps it from being imported.
     *
     * @param pointer where, as an RFC 6901 JSON Pointer into the submitted document ({@code ""} is the whole)
     * @param message what was expected and what was found
     */
    public record Issue(String pointer, String message) {
        /** Checks both are present. */
        public Issue {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(message, "message");
        }
    }
}
