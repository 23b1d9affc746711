package org.sluis.contracts.odrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Writes the model as compact ODRL JSON-LD with the ODRL context, in the shape of the ODRL 2.2
 * Information Model examples: terms not IRIs, IRIs of parties and assets as plain strings, empty
 * lists and the default conflict strategy omitted, logical operands as arrays except
 * {@code andSequence} as {@code {"@list": [...]}} (its order is meaningful), refined actions as
 * {@code [{"rdf:value": {"@id": "odrl:print"}, "refinement": [...]}]}.
 */
final class OdrlWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OdrlWriter() {
    }

    static ObjectNode policy(Policy policy) {
        ObjectNode out = NODES.objectNode();
        out.put("@context", Terms.ODRL_CONTEXT);
        out.put("@type", policy.type().term());
        out.put("uid", policy.uid());
        put(out, "profile", policy.profile());
        // Instant.toString is RFC 3339 in UTC with 'Z', so one moment is always written the same way.
        policy.issued().ifPresent(issued -> out.put("dct:issued", issued.toString()));
        put(out, "assigner", policy.assigner());
        put(out, "assignee", policy.assignee());
        put(out, "target", policy.target());
        if (policy.conflict() != ConflictStrategy.INVALID) {
            out.put("conflict", policy.conflict().term());
        }
        rules(out, "permission", policy.permissions());
        rules(out, "prohibition", policy.prohibitions());
        rules(out, "obligation", policy.obligations());
        return out;
    }

    private static void put(ObjectNode out, String name, Optional<String> value) {
        value.ifPresent(v -> out.put(name, v));
    }

    private static void rules(ObjectNode out, String name, List<? extends Rule> rules) {
        if (!rules.isEmpty()) {
            ArrayNode array = out.putArray(name);
            rules.forEach(rule -> array.add(rule(rule)));
        }
    }

    private static ObjectNode rule(Rule rule) {
        ObjectNode out = NODES.objectNode();
        put(out, "uid", rule.uid());
        put(out, "target", rule.target());
        put(out, "assigner", rule.assigner());
        put(out, "assignee", rule.assignee());
        out.set("action", action(rule.action()));
        constraints(out, "constraint", rule.constraints());
        if (rule instanceof Rule.Permission permission) {
            rules(out, "duty", permission.duties());
        } else if (rule instanceof Rule.Prohibition prohibition) {
            rules(out, "remedy", prohibition.remedies());
        } else if (rule instanceof Rule.Duty duty) {
            rules(out, "consequence", duty.consequences());
        }
        return out;
    }

    private static JsonNode action(Action action) {
        if (action.refinements().isEmpty()) {
            return NODES.textNode(action.value());
        }
        ObjectNode refined = NODES.objectNode();
        String iri = Action.KNOWN_TERMS.contains(action.value()) ? "odrl:" + action.value() : action.value();
        refined.putObject("rdf:value").put("@id", iri);
        constraints(refined, "refinement", action.refinements());
        return NODES.arrayNode().add(refined);
    }

    private static void constraints(ObjectNode out, String name, List<Constraint> constraints) {
        if (!constraints.isEmpty()) {
            ArrayNode array = out.putArray(name);
            constraints.forEach(c -> array.add(constraint(c)));
        }
    }

    private static ObjectNode constraint(Constraint constraint) {
        ObjectNode out = NODES.objectNode();
        if (constraint instanceof Constraint.Logical logical) {
            ArrayNode array = NODES.arrayNode();
            logical.constraints().forEach(c -> array.add(constraint(c)));
            // The ODRL context gives these members no @list container, so a plain array is an unordered
            // set in RDF; andSequence is ordered ("the order of the list MUST be preserved"), so it gets @list.
            out.set(logical.operator().term(), logical.operator() == LogicalOperator.AND_SEQUENCE
                    ? NODES.objectNode().set("@list", array) : array);
            return out;
        }
        Constraint.Atomic atomic = (Constraint.Atomic) constraint;
        out.put("leftOperand", atomic.leftOperand());
        out.put("operator", atomic.operator().term());
        out.set("rightOperand", rightOperand(atomic.rightOperand()));
        put(out, "unit", atomic.unit());
        put(out, "dataType", atomic.dataType());
        return out;
    }

    private static JsonNode rightOperand(RightOperand value) {
        if (value instanceof RightOperand.ListOf list) {
            ArrayNode array = NODES.arrayNode();
            list.values().forEach(v -> array.add(rightOperand(v)));
            return array;
        } else if (value instanceof RightOperand.Text text) {
            return NODES.textNode(text.value());
        } else if (value instanceof RightOperand.Numeric number) {
            return number(number.value());
        } else if (value instanceof RightOperand.Iri iri) {
            return NODES.objectNode().put("@id", iri.value());
        } else if (value instanceof RightOperand.DateTime dateTime) {
            return typed(dateTime.value().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "xsd:dateTime");
        }
        return typed(((RightOperand.Date) value).value().toString(), "xsd:date");
    }

    private static JsonNode number(BigDecimal value) {
        if (value.scale() <= 0) {
            return BigIntegerNode.valueOf(value.toBigIntegerExact());
        }
        return DecimalNode.valueOf(value);
    }

    private static ObjectNode typed(String lexical, String type) {
        return NODES.objectNode().put("@value", lexical).put("@type", type);
    }
}
