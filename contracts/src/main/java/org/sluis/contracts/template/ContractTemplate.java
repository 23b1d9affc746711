package org.sluis.contracts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A standard, versioned, parameterised ODRL 2.2 Offer. A dataset offer made from a template is
 * fully determined by the template id, version, the offer's uid, provider, target and the
 * parameters, so two offers from the same template differ only where the parameters say. The
 * templates are listed by {@link Templates}. Instances are immutable and thread-safe.
 */
public sealed interface ContractTemplate permits DefinedTemplate {

    /**
     * Returns the template identifier.
     *
     * @return a lowercase, hyphenated id such as {@code "health-secondary-use"}
     */
    String id();

    /**
     * Returns the template version; an id and version always produce the same ODRL.
     *
     * @return {@code major.minor}, e.g. {@code "1.0"}
     */
    String version();

    /**
     * Returns what the contract allows and requires, in two to four sentences for a data steward.
     *
     * @return the plain-language summary
     */
    String summary();

    /**
     * Returns the parameters.
     *
     * @return an unmodifiable map from name to parameter, in declaration order
     */
    Map<String, Parameter> parameters();

    /**
     * Builds the Offer for a dataset. The Offer has type Offer, uid {@code offerUid}, assigner
     * {@code assigner} and policy-level target {@code target}; it is checked with the ODRL codec
     * before it is returned.
     *
     * @param offerUid   the Offer's IRI; must be an absolute IRI
     * @param assigner   the provider's IRI; must be an absolute IRI
     * @param target     the dataset's IRI; must be an absolute IRI
     * @param parameters the request's {@code parameters} object; anything else is reported as a
     *                   problem at {@code /parameters}
     * @return the Offer, or every problem with the parameters at once
     * @throws IllegalArgumentException if {@code offerUid}, {@code assigner} or {@code target} is not
     *                                  an absolute IRI (these come from the exchange, not the request)
     */
    Instantiated instantiate(String offerUid, String assigner, String target, JsonNode parameters);

    /**
     * Describes the template for {@code GET /v1/templates}: {@code {"id", "version", "summary",
     * "parameters": {name: {"kind", "required", "description", "allowed"?, "min"?, "max"?,
     * "default"?}}}}, parameters in declaration order.
     *
     * @return a new JSON object
     */
    ObjectNode describe();
}
