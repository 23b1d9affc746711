package org.sluis.contracts.template;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The standard contract templates of the exchange, fixed at build time: {@code health-secondary-use},
 * {@code mobility-maas}, {@code corridor-industrial} and {@code open-research}, all v1.0. The ODRL
 * each produces, and why, is documented on its defining class.
 */
public final class Templates {

    private static final List<ContractTemplate> ALL = List.of(HealthSecondaryUse.TEMPLATE, MobilityMaas.TEMPLATE,
            CorridorIndustrial.TEMPLATE, OpenResearch.TEMPLATE);

    private Templates() {
    }

    /**
     * Returns every template.
     *
     * @return an unmodifiable list in a stable order
     */
    public static List<ContractTemplate> all() {
        return ALL;
    }

    /**
     * Finds a template by id.
     *
     * @param id the template id, e.g. {@code "open-research"}
     * @return the template, or empty if there is none with that id
     */
    public static Optional<ContractTemplate> find(String id) {
        Objects.requireNonNull(id, "id");
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
