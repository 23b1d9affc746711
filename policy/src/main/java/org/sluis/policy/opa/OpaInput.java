package org.sluis.policy.opa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The input document the exchange sends OPA for one request, after its own decision. Its JSON
 * form ({@link #toJson()}) is the documented contract with operators' Rego
 * ({@code policy/src/main/rego/README.md}): camelCase members, times as RFC 3339 UTC strings,
 * {@code region} omitted when unknown so Rego sees it as undefined.
 *
 * @param caller            the caller's participant IRI
 * @param roles             the caller's roles ({@code PROVIDER}, {@code CONSUMER}, …)
 * @param region            the caller's region, ISO 3166-1 alpha-2 or ISO 3166-2 ({@code NL}, {@code NL-NH}), if known
 * @param participantStatus the caller's status at the exchange: {@code active}, {@code suspended}, …
 * @param datasetId         the dataset asked for
 * @param domain            the dataset's domain ({@code health}, {@code mobility}, {@code industry}, …)
 * @param confidentiality   the highest sensitivity class among the fields requested, one of
 *                          {@link #CONFIDENTIALITY_CLASSES}
 * @param provider          the dataset provider's participant IRI
 * @param agreement         the agreement the request is made under
 * @param purpose           the purpose the request states
 * @param action            the ODRL action ({@code use}, {@code read}, …)
 * @param time              the moment of the request
 */
public record OpaInput(String caller, Set<String> roles, Optional<String> region, String participantStatus,
                       String datasetId, String domain, String confidentiality, String provider,
                       AgreementSummary agreement, String purpose, String action, Instant time) {

    /** The field sensitivity classes of the catalog, least sensitive first. */
    public static final Set<String> CONFIDENTIALITY_CLASSES =
            Set.of("public", "quasi-identifier", "sensitive", "identifier");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Checks every component is present, names non-blank and the class known; copies the roles. */
    public OpaInput {
        requireText(caller, "caller");
        Objects.requireNonNull(roles, "roles");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(region, "region");
        region.ifPresent(r -> requireText(r, "region"));
        requireText(participantStatus, "participantStatus");
        requireText(datasetId, "datasetId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(confidentiality, "confidentiality");
        if (!CONFIDENTIALITY_CLASSES.contains(confidentiality)) {
            throw new IllegalArgumentException("expected confidentiality to be one of " + new TreeSet<>(CONFIDENTIALITY_CLASSES)
                    + ", found '" + confidentiality + "'");
        }
        requireText(provider, "provider");
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(purpose, "purpose");
        requireText(action, "action");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The input document, as OPA receives it under {@code "input"}. Roles are sorted so the same
     * request always yields the same bytes (OPA's decision log then shows identical inputs).
     *
     * @return a fresh JSON object
     */
    public ObjectNode toJson() {
        ObjectNode json = NODES.objectNode();
        json.put("caller", caller);
        ArrayNode roleArray = json.putArray("roles");
        new TreeSet<>(roles).forEach(roleArray::add);
        region.ifPresent(r -> json.put("region", r));
        json.put("participantStatus", participantStatus);
        json.put("datasetId", datasetId);
        json.put("domain", domain);
        json.put("confidentiality", confidentiality);
        json.put("provider", provider);
        json.set("agreement", agreement.toJson());
        json.put("purpose", purpose);
        json.put("action", action);
        json.put("time", time.toString());
        return json;
    }

    /**
     * What OPA needs to know of the agreement a request is made under.
     *
     * @param id        the agreement id
     * @param offerId   the offer it was concluded from
     * @param template  the standard contract template the offer instantiates, or {@code ""} for a bespoke offer
     * @param assigner  the provider's participant IRI
     * @param assignee  the consumer's participant IRI
     * @param concluded when it was concluded
     */
    public record AgreementSummary(String id, String offerId, String template, String assigner, String assignee,
                                   Instant concluded) {

        /** Checks every component is present and the ids and parties non-blank. */
        public AgreementSummary {
            requireText(id, "agreement.id");
            requireText(offerId, "agreement.offerId");
            Objects.requireNonNull(template, "agreement.template");
            requireText(assigner, "agreement.assigner");
            requireText(assignee, "agreement.assignee");
            Objects.requireNonNull(concluded, "agreement.concluded");
        }

        /**
         * The summary as it appears under {@code input.agreement}.
         *
         * @return a fresh JSON object
         */
        public ObjectNode toJson() {
            ObjectNode json = NODES.objectNode();
            json.put("id", id);
            json.put("offerId", offerId);
            json.put("template", template);
            json.put("assigner", assigner);
            json.put("assignee", assignee);
            json.put("concluded", concluded.toString());
            return json;
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException("expected " + name + " to be non-blank, found '" + value + "'");
        }
    }
}
