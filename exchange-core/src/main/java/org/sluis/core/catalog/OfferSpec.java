package org.sluis.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.core.json.JsonChecks;

/**
 * One offer of a dataset: what the provider stated, and the ODRL Offer it resulted in. The Offer's
 * uid, assigner and target are the exchange's IRIs for the offer, provider and dataset
 * ({@link Iris}); {@link DatasetReader} ensures that.
 *
 * @param id              the offer id, a slug unique within the dataset
 * @param template        the contract template id, if the offer was made from one
 * @param templateVersion the version of that template the Offer was built from; present exactly
 *                        when {@code template} is
 * @param parameters      the template parameters as the provider gave them (participant ids not
 *                        yet expanded to IRIs); null exactly when the offer is raw ODRL
 * @param policy          the resulting ODRL Offer
 * @param autoAccept      whether a negotiation for this offer is agreed without the provider acting
 */
public record OfferSpec(String id, Optional<String> template, Optional<String> templateVersion, JsonNode parameters,
                        Policy policy, boolean autoAccept) {

    /**
     * Checks the id, that template, version and parameters come together, that the policy is an
     * Offer, and copies the parameters.
     *
     * @throws IllegalArgumentException if any of these does not hold
     */
    public OfferSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(templateVersion, "templateVersion");
        Objects.requireNonNull(policy, "policy");
        if (!Syntax.isSlug(id)) {
            throw new IllegalArgumentException("expected the offer id to be " + Syntax.SLUG_RULE + ", found "
                    + JsonChecks.quote(id));
        }
        if (template.isPresent() != templateVersion.isPresent() || template.isPresent() != (parameters != null)) {
            throw new IllegalArgumentException("expected template, templateVersion and parameters all present or all"
                    + " absent, found template " + template + ", templateVersion " + templateVersion + " and "
                    + (parameters == null ? "no parameters" : "parameters"));
        }
        if (policy.type() != PolicyType.OFFER) {
            throw new IllegalArgumentException("expected an ODRL Offer for offer '" + id + "', found a "
                    + policy.type().term());
        }
        parameters = parameters == null ? null : parameters.deepCopy();
    }

    /**
     * Returns the parameters, as a copy the caller may change.
     *
     * @return the template parameters, or null for a raw ODRL offer
     */
    @Override
    public JsonNode parameters() {
        return parameters == null ? null : parameters.deepCopy();
    }
}
