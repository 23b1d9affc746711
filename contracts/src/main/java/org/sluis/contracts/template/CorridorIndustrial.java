package org.sluis.contracts.template;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.util.List;
import java.util.Optional;

import static org.sluis.contracts.template.Parameter.Kind.DATE;
import static org.sluis.contracts.template.Parameter.Kind.PARTICIPANT;
import static org.sluis.contracts.template.Parameter.Kind.TEXT;

/**
 * {@code corridor-industrial} v1.0: one named industrial partner uses machine data for one project
 * purpose until the project ends, then deletes it. The Offer is:
 *
 * <ul>
 *   <li>permission {@code use} with {@code recipient eq <recipient>} (an IRI), {@code purpose eq
 *       <purpose>} and {@code dateTime lt <endDate>}. The recipient is a constraint rather than
 *       the Offer's assignee so the Offer stays a plain Offer that the exchange can list, while
 *       only the named participant can satisfy it;</li>
 *   <li>duty {@code delete} with {@code dateTime gteq <endDate>}: the duty applies once the
 *       project has ended (the day use stops is the day deletion is due);</li>
 *   <li>prohibitions {@code commercialize} and {@code distribute}, winning over the
 *       permission under conflict strategy {@code prohibit} (see {@link HealthSecondaryUse}).</li>
 * </ul>
 *
 * Only ODRL Common Vocabulary terms are used, so no profile is declared. {@code purpose} is
 * required: it is a closed set without a neutral choice, so no default is given.
 */
final class CorridorIndustrial {

    static final ContractTemplate TEMPLATE = new DefinedTemplate("corridor-industrial", "1.0",
            "Permits only the named participant to use this industrial data, for one project purpose, until"
                    + " the project end date. After that date the data must be deleted. Selling or otherwise"
                    + " commercialising the data and passing it on are forbidden.",
            List.of(Parameter.required("recipient", PARTICIPANT, "IRI of the only participant that may use the data."),
                    Parameter.required("purpose", TEXT, "The project purpose.")
                            .allowing("predictive-maintenance", "ai-training"),
                    Parameter.required("endDate", DATE, "Project end (exclusive), yyyy-mm-dd; deletion is due from then.")),
            (values, problems) -> { },
            CorridorIndustrial::rules);

    private CorridorIndustrial() {
    }

    private static DefinedTemplate.Rules rules(ParameterReader.Values values) {
        RightOperand.Date end = new RightOperand.Date(values.date("endDate"));
        Rule.Duty delete = DefinedTemplate.duty(Action.DELETE,
                List.of(Constraint.Atomic.of(LeftOperands.DATE_TIME, Operator.GTEQ, end)));
        Rule.Permission use = DefinedTemplate.permission(Action.USE, List.of(
                Constraint.Atomic.of(LeftOperands.RECIPIENT, Operator.EQ, new RightOperand.Iri(values.text("recipient"))),
                Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text(values.text("purpose"))),
                Constraint.Atomic.of(LeftOperands.DATE_TIME, Operator.LT, end)), List.of(delete));
        return new DefinedTemplate.Rules(Optional.empty(), ConflictStrategy.PROHIBIT, List.of(use),
                List.of(DefinedTemplate.prohibition(Action.COMMERCIALIZE), DefinedTemplate.prohibition(Action.DISTRIBUTE)));
    }
}
