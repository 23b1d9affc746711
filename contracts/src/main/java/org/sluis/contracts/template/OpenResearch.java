package org.sluis.contracts.template;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.util.List;
import java.util.Optional;

import static org.sluis.contracts.template.Parameter.Kind.TEXT;

/**
 * {@code open-research} v1.0: anyone may use the data if they credit it as the provider says. The
 * Offer is one permission {@code use} with a duty {@code attribute} whose action is refined by
 * {@code sluis attributionText eq "<text>"}. ODRL's {@code attribute} names the duty but has no
 * place for the wording (the Common Vocabulary's {@code attributedParty} is a party function,
 * not a text); the wording narrows how the action is done, so it is an action refinement on a
 * Sluis left operand ({@link SluisVocabulary#ATTRIBUTION_TEXT}) rather than a constraint on when
 * the duty applies. The Offer declares {@link SluisVocabulary#PROFILE}.
 */
final class OpenResearch {

    static final ContractTemplate TEMPLATE = new DefinedTemplate("open-research", "1.0",
            "Permits anyone to use this dataset for any purpose. Whoever uses it must credit it with the exact"
                    + " attribution text given by the provider.",
            List.of(Parameter.required("attributionText", TEXT,
                    "The exact credit line users must show, e.g. 'Data: Example Hospital, CC BY 4.0'.")),
            (values, problems) -> { },
            OpenResearch::rules);

    private OpenResearch() {
    }

    private static DefinedTemplate.Rules rules(ParameterReader.Values values) {
        Rule.Duty attribute = Rule.Duty.of(new Action(Action.ATTRIBUTE.value(), List.of(Constraint.Atomic.of(
                SluisVocabulary.ATTRIBUTION_TEXT, Operator.EQ, new RightOperand.Text(values.text("attributionText"))))));
        return new DefinedTemplate.Rules(Optional.of(SluisVocabulary.PROFILE), ConflictStrategy.PROHIBIT,
                List.of(DefinedTemplate.permission(Action.USE, List.of(), List.of(attribute))), List.of());
    }
}
