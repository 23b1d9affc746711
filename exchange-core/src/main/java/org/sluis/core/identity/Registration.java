package org.sluis.core.identity;

import java.util.Objects;
import java.util.Set;

/**
 * What the operator submits to onboard a participant ({@code POST /v1/participants}).
 *
 * @param id stable slug
 * @param name legal name
 * @param registrationNumber e.g. the KvK number
 * @param region ISO 3166 code
 * @param roles the roles it gets
 * @param categories the kinds of institution it is, possibly none
 * @param csr PEM PKCS#10 request signed by the participant's own key
 */
public record Registration(String id, String name, String registrationNumber, String region, Set<Role> roles, Set<String> categories, String csr) {
    /** Requires every field (their syntax is checked where the request is read). */
    public Registration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(registrationNumber, "registrationNumber");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(csr, "csr");
        roles = Set.copyOf(roles);
        categories = Set.copyOf(categories);
    }
}
