package org.sluis.contracts.template;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import static org.sluis.contracts.template.Parameter.Kind.INTEGER;
import static org.sluis.contracts.template.Parameter.Kind.TEXT_LIST;

/**
 * {@code health-secondary-use} v1.0: secondary use of electronic health data in the spirit of the
 * European Health Data Space (Regulation (EU) 2025/327, Art. 53 purposes). The Offer is:
 *
 * <ul>
 *   <li>permission {@code use} of the target with two constraints, which ODRL conjoins (every
 *       constraint of a rule must be satisfied, ODRL Information Model 2.2 section 2.5):
 *       {@code purpose isAnyOf [purposes]} and {@code spatial isPartOf "EU"}. "EU" is a text ISO
 *       3166-1 code (exceptionally reserved for the European Union), the same convention as the
 *       {@code region} of {@code mobility-maas};</li>
 *   <li>duty {@link SluisVocabulary#PSEUDONYMISE} refined by
 *       {@code sluis field isAllOf [pseudonymisedFields]}: a refinement, not a constraint, because
 *       the field list narrows <em>how</em> the action is done, not <em>when</em> the duty applies.
 *       {@code odrl:anonymize} is not used: pseudonymised data is still personal data (GDPR
 *       Recital 26), so an anonymise duty would claim a guarantee the template does not give;</li>
 *   <li>duty {@code delete} with {@code elapsedTime lteq <retentionDays>} in unit
 *       {@link SluisVocabulary#DAY}: the codec admits only numbers, dates and date-times with
 *       ordering operators (no {@code xsd:duration} literal), so the retention period
 *       {@code P<n>D} is written as the number of days with a QUDT day unit;</li>
 *   <li>prohibitions {@code distribute} and {@link SluisVocabulary#REIDENTIFY} (ODRL has no
 *       re-identification action).</li>
 * </ul>
 *
 * The conflict strategy is {@code prohibit}: {@code distribute} is a narrower action than
 * {@code use}, and under the default {@code invalid} an engine that follows the action hierarchy
 * would void the whole policy instead of letting the prohibition win. The Offer declares the
 * {@link SluisVocabulary#PROFILE}.
 */
final class HealthSecondaryUse {

    static final ContractTemplate TEMPLATE = new DefinedTemplate("health-secondary-use", "1.0",
            "Permits use of this health dataset only for the listed EHDS secondary-use purposes and only"
                    + " within the European Union. The user must pseudonymise the listed identifier fields and"
                    + " delete the data at the latest after the retention period. Passing the data on and any"
                    + " attempt to re-identify patients are forbidden.",
            List.of(Parameter.required("purposes", TEXT_LIST,
                                    "The secondary-use purposes permitted (EHDS Art. 53 style).")
                            .allowing("scientific-research", "public-health", "official-statistics",
                                    "care-improvement", "education", "policy-making"),
                    Parameter.required("retentionDays", INTEGER,
                            "Days after which the user must have deleted the data.").between(1, 3650),
                    Parameter.required("pseudonymisedFields", TEXT_LIST,
                            "The identifier fields the user must replace with pseudonyms.")),
            (values, problems) -> { },
            HealthSecondaryUse::rules);

    private HealthSecondaryUse() {
    }

    private static DefinedTemplate.Rules rules(ParameterReader.Values values) {
        Rule.Duty pseudonymise = Rule.Duty.of(new Action(SluisVocabulary.PSEUDONYMISE, List.of(Constraint.Atomic.of(
                SluisVocabulary.FIELD, Operator.IS_ALL_OF, DefinedTemplate.texts(values.texts("pseudonymisedFields"))))));
        Rule.Duty delete = DefinedTemplate.duty(Action.DELETE, List.of(new Constraint.Atomic(LeftOperands.ELAPSED_TIME,
                Operator.LTEQ, new RightOperand.Numeric(BigDecimal.valueOf(values.integer("retentionDays"))),
                Optional.of(SluisVocabulary.DAY), Optional.empty())));
        Rule.Permission use = DefinedTemplate.permission(Action.USE, List.of(
                        Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.IS_ANY_OF,
                                DefinedTemplate.texts(values.texts("purposes"))),
                        Constraint.Atomic.of(LeftOperands.SPATIAL, Operator.IS_PART_OF, new RightOperand.Text("EU"))),
                List.of(pseudonymise, delete));
        return new DefinedTemplate.Rules(Optional.of(SluisVocabulary.PROFILE), ConflictStrategy.PROHIBIT,
                List.of(use), List.of(DefinedTemplate.prohibition(Action.DISTRIBUTE),
                        DefinedTemplate.prohibition(Action.of(SluisVocabulary.REIDENTIFY))));
    }
}
