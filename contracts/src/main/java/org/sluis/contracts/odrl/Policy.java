package org.sluis.contracts.odrl;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ODRL 2.2 policy (ODRL Information Model 2.2, section "Policy Class"). The record only
 * guarantees presence and immutability; the ODRL requirements between members (an Offer has an
 * assigner, an Agreement an assignee, every rule a target, ...) are checked by
 * {@link PolicyValidator} and by {@link OdrlCodec#read(String)}.
 *
 * @param type         Set, Offer or Agreement
 * @param uid          the policy IRI
 * @param profile      the ODRL profile IRI the policy conforms to, if any
 * @param issued       when the policy was issued, if stated ({@code dct:issued}: ODRL Information
 *                     Model 2.2 allows Dublin Core metadata on policies); for an Agreement the moment
 *                     it was concluded
 * @param assigner     the party offering or granting, if stated at policy level
 * @param assignee     the party receiving, if stated at policy level
 * @param target       the asset all rules apply to unless they name their own
 * @param conflict     how permission/prohibition conflicts are resolved; {@link ConflictStrategy#INVALID}
 *                     when the document states none
 * @param permissions  the permissions
 * @param prohibitions the prohibitions
 * @param obligations  the policy-level duties
 */
public record Policy(PolicyType type, String uid, Optional<String> profile, Optional<Instant> issued,
                     Optional<String> assigner, Optional<String> assignee, Optional<String> target,
                     ConflictStrategy conflict, List<Rule.Permission> permissions,
                     List<Rule.Prohibition> prohibitions, List<Rule.Duty> obligations) {

    /** Checks every component is present and copies the lists. */
    public Policy {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(assigner, "assigner");
        Objects.requireNonNull(assignee, "assignee");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(conflict, "conflict");
        permissions = List.copyOf(permissions);
        prohibitions = List.copyOf(prohibitions);
        obligations = List.copyOf(obligations);
    }
}
