package org.sluis.contracts.odrl;

import java.util.Objects;
import java.util.Optional;

/** Null checks shared by the compact constructors of the {@link Rule} records. */
final class RuleParts {

    private RuleParts() {
    }

    static void check(Optional<String> uid, Optional<String> target, Action action,
                      Optional<String> assigner, Optional<String> assignee) {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(assigner, "assigner");
        Objects.requireNonNull(assignee, "assignee");
    }
}
