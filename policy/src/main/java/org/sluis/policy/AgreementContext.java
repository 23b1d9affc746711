package org.sluis.policy;

import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;

import java.time.Instant;
import java.util.Objects;

/**
 * What the decision point compiles once per agreement: the signed Agreement and the dataset it is about.
 *
 * @param agreementId the exchange's id of the agreement; names the pseudonymisation key
 *                    ({@code agreement:<agreementId>})
 * @param agreement   the ODRL Agreement
 * @param start       when the agreement took effect ({@code dct:issued}); {@code elapsedTime} is
 *                    measured from here
 * @param dataset     the dataset the agreement's target is
 */
public record AgreementContext(String agreementId, Policy agreement, Instant start, DatasetContext dataset) {

    /** Checks every component is present, the id is not blank and the policy is an Agreement. */
    public AgreementContext {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(dataset, "dataset");
        if (agreementId.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank agreementId, found '" + agreementId + "'");
        }
        if (agreement.type() != PolicyType.AGREEMENT) {
            throw new IllegalArgumentException("expected an ODRL Agreement to decide under, found "
                    + agreement.type().term() + " " + agreement.uid());
        }
    }
}
