package org.sluis.contracts.template;

import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Problem;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.sluis.contracts.template.Parameter.Kind.DATE;
import static org.sluis.contracts.template.Parameter.Kind.INTEGER;
import static org.sluis.contracts.template.Parameter.Kind.TEXT;

/**
 * {@code mobility-maas} v1.0: a Mobility-as-a-Service data feed used for one purpose, in a period,
 * in a region, under a daily request quota. The Offer is one permission {@code use} with the
 * conjoined constraints:
 *
 * <ul>
 *   <li>{@code purpose eq <purpose>};</li>
 *   <li>{@code dateTime gteq <from>} and {@code dateTime lt <until>} as {@code xsd:date}: the
 *       period includes {@code from} and ends before {@code until}; {@code from} must be before
 *       {@code until};</li>
 *   <li>{@code count lteq <requestsPerDay>} with unit {@link SluisVocabulary#PER_DAY} (QUDT
 *       "per day"). ODRL's {@code count} has no period. The unit turns the bound into a rate on
 *       the constraint itself. {@code timeInterval} was rejected: it means "a recurring period
 *       before the next execution of the action", a minimum gap between exercises, not a window
 *       in which exercises are counted. Fail-safe: an engine that ignores the unit reads a
 *       lifetime limit of {@code requestsPerDay}, stricter than intended, never looser;</li>
 *   <li>{@code spatial isPartOf <region>}, an ISO 3166-1 alpha-2 or ISO 3166-2 code as text
 *       ({@code NL}, {@code NL-NH}).</li>
 * </ul>
 *
 * The conflict strategy is {@code prohibit} for every template (see {@link HealthSecondaryUse});
 * there are no prohibitions here. The Offer declares {@link SluisVocabulary#PROFILE} for the unit.
 */
final class MobilityMaas {

    private static final Pattern ISO_3166 = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    static final ContractTemplate TEMPLATE = new DefinedTemplate("mobility-maas", "1.0",
            "Permits use of this mobility data for one stated purpose, from the start date up to (not"
                    + " including) the end date, within one region. The user may make at most the stated number"
                    + " of requests per day.",
            List.of(Parameter.required("purpose", TEXT, "The one purpose the data may be used for."),
                    Parameter.required("from", DATE, "First day of use (inclusive), yyyy-mm-dd."),
                    Parameter.required("until", DATE, "Day use ends (exclusive), yyyy-mm-dd; after 'from'."),
                    Parameter.required("requestsPerDay", INTEGER, "Most requests allowed per day.")
                            .between(1, 1_000_000),
                    Parameter.required("region", TEXT,
                            "ISO 3166-1 alpha-2 or ISO 3166-2 code of the region of use, e.g. NL or NL-NH.")),
            MobilityMaas::check,
            MobilityMaas::rules);

    private MobilityMaas() {
    }

    private static void check(ParameterReader.Values values, List<Problem> problems) {
        if (values.has("from") && values.has("until") && !values.date("from").isBefore(values.date("until"))) {
            problems.add(new Problem(ParameterReader.pointer("until"), "expected a date after from "
                    + values.date("from") + ", found " + values.date("until")));
        }
        if (values.has("region") && !ISO_3166.matcher(values.text("region")).matches()) {
            problems.add(new Problem(ParameterReader.pointer("region"), "expected an ISO 3166 code such as NL or"
                    + " NL-NH, found '" + values.text("region") + "'"));
        }
    }

    private static DefinedTemplate.Rules rules(ParameterReader.Values values) {
        Rule.Permission use = DefinedTemplate.permission(Action.USE, List.of(
                Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text(values.text("purpose"))),
                Constraint.Atomic.of(LeftOperands.DATE_TIME, Operator.GTEQ, new RightOperand.Date(values.date("from"))),
                Constraint.Atomic.of(LeftOperands.DATE_TIME, Operator.LT, new RightOperand.Date(values.date("until"))),
                new Constraint.Atomic(LeftOperands.COUNT, Operator.LTEQ,
                        new RightOperand.Numeric(BigDecimal.valueOf(values.integer("requestsPerDay"))),
                        Optional.of(SluisVocabulary.PER_DAY), Optional.empty()),
                Constraint.Atomic.of(LeftOperands.SPATIAL, Operator.IS_PART_OF,
                        new RightOperand.Text(values.text("region")))), List.of());
        return new DefinedTemplate.Rules(Optional.of(SluisVocabulary.PROFILE), ConflictStrategy.PROHIBIT,
                List.of(use), List.of());
    }
}
