package org.sluis.contracts.odrl;

import com.fasterxml.jackson.databind.JsonNode;
import org.sluis.contracts.odrl.ReadContext.Located;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads actions, constraints and right operands (ODRL Information Model 2.2, sections "Action
 * Class", "Constraint Class", "Logical Constraint Class"), checking that the right operand fits the
 * operator: isAllOf/isAnyOf/isNoneOf need a list, every other operator a single value, and
 * lt/lteq/gt/gteq a number, date or date-time; a {@code dateTime} left operand needs a date or
 * date-time and {@code count} a non-negative integer.
 */
final class ConstraintReader {

    /** Deepest nesting of logical constraints accepted, so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 32;

    private static final Set<String> ATOMIC = Set.of("leftOperand", "operator", "rightOperand", "unit", "dataType");
    private static final Set<String> CONSTRAINT_MEMBERS;
    private static final Set<String> NUMERIC_TYPES = Set.of("xsd:integer", "xsd:decimal", "xsd:double",
            "xsd:float", "xsd:int", "xsd:long", "xsd:nonNegativeInteger", "xsd:positiveInteger");

    static {
        Set<String> all = new HashSet<>(ATOMIC);
        all.add("@type");
        Arrays.stream(LogicalOperator.values()).forEach(op -> all.add(op.term()));
        CONSTRAINT_MEMBERS = Set.copyOf(all);
    }

    private final ReadContext ctx;

    ConstraintReader(ReadContext ctx) {
        this.ctx = ctx;
    }

    /** Reads an action: a term, {@code {"@id": ...}}, or {@code {"rdf:value": ..., "refinement": [...]}}. */
    Optional<Action> action(Located value) {
        Optional<Located> one = ctx.single(value);
        if (one.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = one.get().node();
        String pointer = one.get().pointer();
        if (node.isObject() && !(node.size() == 1 && node.has("@id"))) {
            Map<String, Located> fields = ctx.members(node, pointer, Set.of("rdf:value", "refinement", "@type"),
                    "an action");
            Located inner = fields.get("rdf:value");
            if (inner == null) {
                ctx.problem(ReadContext.child(pointer, "rdf:value"), "expected the action in 'rdf:value', found none");
                return Optional.empty();
            }
            Optional<String> name = actionName(inner);
            List<Constraint> refinements = fields.containsKey("refinement")
                    ? constraints(fields.get("refinement"), 0) : List.of();
            return name.map(n -> new Action(n, refinements));
        }
        return actionName(one.get()).map(Action::of);
    }

    private Optional<String> actionName(Located value) {
        Optional<Located> term = ctx.term(value, "an action");
        if (term.isEmpty()) {
            return Optional.empty();
        }
        String name = term.get().node().asText();
        if (!Action.isAcceptable(name)) {
            ctx.problem(term.get().pointer(), "expected an ODRL action (e.g. use, read, distribute) or an absolute IRI,"
                    + " found '" + name + "'");
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** Reads a constraint array (or single constraint), skipping members that have problems. */
    List<Constraint> constraints(Located value, int depth) {
        List<Constraint> result = new ArrayList<>();
        for (Located item : ctx.many(value)) {
            constraint(item, depth).ifPresent(result::add);
        }
        return result;
    }

    private Optional<Constraint> constraint(Located value, int depth) {
        JsonNode node = value.node();
        String pointer = value.pointer();
        if (!node.isObject()) {
            ctx.problem(pointer, "expected a constraint object, found " + ReadContext.describe(node));
            return Optional.empty();
        }
        if (depth > MAX_DEPTH) {
            ctx.problem(pointer, "expected logical constraints nested at most " + MAX_DEPTH + " deep, found deeper");
            return Optional.empty();
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!CONSTRAINT_MEMBERS.contains(ReadContext.normalise(name))) {
                unknown.add(name);
            }
        });
        for (String name : unknown) {
            ctx.problem(ReadContext.child(pointer, name), "expected a logical operator (and, or, xone, andSequence)"
                    + " or leftOperand, operator, rightOperand, unit, dataType in a constraint, found unknown member '"
                    + name + "'");
        }
        Set<String> tolerated = new HashSet<>(CONSTRAINT_MEMBERS);
        unknown.forEach(name -> tolerated.add(ReadContext.normalise(name)));
        Map<String, Located> fields = ctx.members(node, pointer, tolerated, "a constraint");
        unknown.forEach(name -> fields.remove(ReadContext.normalise(name)));
        checkType(fields.get("@type"));
        List<LogicalOperator> logical = Arrays.stream(LogicalOperator.values())
                .filter(op -> fields.containsKey(op.term())).toList();
        boolean atomic = fields.keySet().stream().anyMatch(ATOMIC::contains);
        if (logical.isEmpty()) {
            if (!unknown.isEmpty() && !atomic) {
                return Optional.empty();
            }
            return atomic(fields, pointer);
        }
        if (logical.size() > 1 || atomic) {
            ctx.problem(pointer, "expected exactly one logical operator or one atomic constraint, found "
                    + String.join(", ", fields.keySet()));
            return Optional.empty();
        }
        LogicalOperator operator = logical.get(0);
        Located operands = fields.get(operator.term());
        int problemsBefore = ctx.problems().size();
        List<Constraint> members = constraints(operands, depth + 1);
        if (members.isEmpty() && ctx.problems().size() == problemsBefore) {
            ctx.problem(operands.pointer(), "expected at least one constraint in '" + operator.term() + "', found none");
        }
        if (ctx.problems().size() != problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new Constraint.Logical(operator, members));
    }

    private void checkType(Located type) {
        if (type == null) {
            return;
        }
        ctx.term(type, "a constraint type").ifPresent(t -> {
            String name = t.node().asText();
            if (!"Constraint".equals(name) && !"LogicalConstraint".equals(name)) {
                ctx.problem(t.pointer(), "expected '@type' Constraint or LogicalConstraint, found '" + name + "'");
            }
        });
    }

    private Optional<Constraint> atomic(Map<String, Located> fields, String pointer) {
        Optional<String> left = required(fields, "leftOperand", pointer).flatMap(this::leftOperand);
        Optional<Located> operatorAt = required(fields, "operator", pointer);
        Optional<Operator> operator = operatorAt.flatMap(this::operator);
        Optional<Located> rightAt = required(fields, "rightOperand", pointer);
        Optional<RightOperand> right = rightAt.flatMap(this::rightOperand);
        Optional<String> unit = Optional.ofNullable(fields.get("unit")).flatMap(u -> ctx.iri(u, "a unit"));
        boolean unitBad = fields.containsKey("unit") && unit.isEmpty();
        Optional<String> dataType = Optional.ofNullable(fields.get("dataType"))
                .flatMap(d -> ctx.term(d, "a dataType")).map(t -> Terms.xsd(t.node().asText()));
        boolean dataTypeBad = fields.containsKey("dataType") && dataType.isEmpty();
        if (left.isEmpty() || operator.isEmpty() || right.isEmpty() || unitBad || dataTypeBad) {
            return Optional.empty();
        }
        String rightPointer = rightAt.get().pointer();
        if (!fits(left.get(), operator.get(), right.get(), rightPointer)) {
            return Optional.empty();
        }
        return Optional.of(new Constraint.Atomic(left.get(), operator.get(), right.get(), unit, dataType));
    }

    private Optional<Located> required(Map<String, Located> fields, String name, String pointer) {
        Located found = fields.get(name);
        if (found == null) {
            ctx.problem(ReadContext.child(pointer, name), "expected a constraint to have '" + name + "', found none");
        }
        return Optional.ofNullable(found);
    }

    private Optional<String> leftOperand(Located value) {
        return ctx.term(value, "a leftOperand").flatMap(t -> {
            String name = t.node().asText();
            if (!LeftOperands.isAcceptable(name)) {
                ctx.problem(t.pointer(), "expected an ODRL left operand (e.g. purpose, dateTime, count) or an"
                        + " absolute IRI, found '" + name + "'");
                return Optional.empty();
            }
            return Optional.of(name);
        });
    }

    private Optional<Operator> operator(Located value) {
        return ctx.term(value, "an operator").flatMap(t -> {
            String name = t.node().asText();
            Optional<Operator> found = Arrays.stream(Operator.values()).filter(o -> o.term().equals(name)).findFirst();
            if (found.isEmpty()) {
                ctx.problem(t.pointer(), "expected one of the operators eq, neq, lt, lteq, gt, gteq, isA, hasPart,"
                        + " isPartOf, isAllOf, isAnyOf, isNoneOf, found '" + name + "'");
            }
            return found;
        });
    }

    private boolean fits(String left, Operator operator, RightOperand right, String pointer) {
        String found = kind(right);
        if (operator.needsList() && !(right instanceof RightOperand.ListOf)) {
            ctx.problem(pointer, "expected a list of values for operator '" + operator.term() + "', found " + found);
            return false;
        }
        if (!operator.needsList() && right instanceof RightOperand.ListOf) {
            ctx.problem(pointer, "expected a single value for operator '" + operator.term() + "', found " + found);
            return false;
        }
        if (operator.isOrdering() && !isOrdered(right)) {
            ctx.problem(pointer, "expected a number, date or date-time for operator '" + operator.term()
                    + "', found " + found);
            return false;
        }
        for (RightOperand.Scalar each : scalars(right)) {
            if (LeftOperands.DATE_TIME.equals(left) && !(each instanceof RightOperand.DateTime
                    || each instanceof RightOperand.Date)) {
                ctx.problem(pointer, "expected an xsd:date or xsd:dateTime for leftOperand 'dateTime', found "
                        + kind(each));
                return false;
            }
            if (LeftOperands.COUNT.equals(left) && !isCount(each)) {
                ctx.problem(pointer, "expected a non-negative integer for leftOperand 'count', found " + kind(each));
                return false;
            }
        }
        return true;
    }

    private static List<RightOperand.Scalar> scalars(RightOperand right) {
        return right instanceof RightOperand.ListOf list ? list.values() : List.of((RightOperand.Scalar) right);
    }

    private static boolean isOrdered(RightOperand right) {
        return right instanceof RightOperand.Numeric || right instanceof RightOperand.Date
                || right instanceof RightOperand.DateTime;
    }

    private static boolean isCount(RightOperand.Scalar value) {
        if (!(value instanceof RightOperand.Numeric number)) {
            return false;
        }
        BigDecimal n = number.value();
        return n.signum() >= 0 && n.stripTrailingZeros().scale() <= 0;
    }

    private static String kind(RightOperand right) {
        if (right instanceof RightOperand.Text text) {
            return "text '" + text.value() + "'";
        } else if (right instanceof RightOperand.Numeric number) {
            return "number " + number.value().toPlainString();
        } else if (right instanceof RightOperand.DateTime dateTime) {
            return "date-time " + dateTime.value();
        } else if (right instanceof RightOperand.Date date) {
            return "date " + date.value();
        } else if (right instanceof RightOperand.Iri iri) {
            return "IRI " + iri.value();
        }
        return "a list of " + ((RightOperand.ListOf) right).values().size();
    }

    /** Reads a right operand: string, number, {@code {"@id"}}, typed literal, or an array of those. */
    Optional<RightOperand> rightOperand(Located value) {
        JsonNode node = value.node();
        if (node.isArray() || (node.isObject() && node.has("@list"))) {
            List<Located> items = ctx.many(value);
            if (items.isEmpty()) {
                ctx.problem(value.pointer(), "expected at least one value in the rightOperand list, found none");
                return Optional.empty();
            }
            List<RightOperand.Scalar> scalars = new ArrayList<>();
            boolean ok = true;
            for (Located item : items) {
                Optional<RightOperand.Scalar> scalar = scalar(item);
                ok &= scalar.isPresent();
                scalar.ifPresent(scalars::add);
            }
            return ok ? Optional.of(new RightOperand.ListOf(scalars)) : Optional.empty();
        }
        return scalar(value).map(RightOperand.class::cast);
    }

    private Optional<RightOperand.Scalar> scalar(Located value) {
        JsonNode node = value.node();
        String pointer = value.pointer();
        if (node.isTextual()) {
            return Optional.of(new RightOperand.Text(node.asText()));
        }
        if (node.isNumber()) {
            return Optional.of(new RightOperand.Numeric(node.decimalValue()));
        }
        if (node.isObject() && node.size() == 1 && node.has("@id")) {
            return ctx.iri(value, "a rightOperand IRI").map(RightOperand.Iri::new);
        }
        if (node.isObject() && node.has("@value")) {
            return literal(node, pointer);
        }
        ctx.problem(pointer, "expected a rightOperand string, number, {\"@id\": ...}, {\"@value\": ...} or array,"
                + " found " + ReadContext.describe(node));
        return Optional.empty();
    }

    private Optional<RightOperand.Scalar> literal(JsonNode node, String pointer) {
        Map<String, Located> fields = ctx.members(node, pointer, Set.of("@value", "@type"), "a typed literal");
        Located lexical = fields.get("@value");
        if (lexical == null) {
            return Optional.empty();
        }
        JsonNode raw = lexical.node();
        if (!fields.containsKey("@type")) {
            if (raw.isTextual() || raw.isNumber()) {
                return scalar(lexical);
            }
            ctx.problem(lexical.pointer(), "expected a string or number in '@value', found " + ReadContext.describe(raw));
            return Optional.empty();
        }
        Optional<String> type = ctx.term(fields.get("@type"), "a literal datatype").map(t -> Terms.xsd(t.node().asText()));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.isValueNode() ? raw.asText() : null;
        if (text == null || raw.isNull()) {
            ctx.problem(lexical.pointer(), "expected a lexical value in '@value', found " + ReadContext.describe(raw));
            return Optional.empty();
        }
        try {
            return switch (type.get()) {
                case "xsd:string" -> Optional.of(new RightOperand.Text(text));
                case "xsd:dateTime" -> Optional.of(new RightOperand.DateTime(OffsetDateTime.parse(text)));
                case "xsd:date" -> Optional.of(new RightOperand.Date(LocalDate.parse(text)));
                default -> {
                    if (NUMERIC_TYPES.contains(type.get())) {
                        yield Optional.of(new RightOperand.Numeric(new BigDecimal(text)));
                    }
                    ctx.problem(fields.get("@type").pointer(), "expected a datatype xsd:string, xsd:date, xsd:dateTime"
                            + " or a numeric xsd type, found '" + type.get() + "'");
                    yield Optional.empty();
                }
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            ctx.problem(lexical.pointer(), "expected a valid " + type.get()
                    + (type.get().equals("xsd:dateTime") ? " with a time zone offset" : "") + ", found '" + text + "'");
            return Optional.empty();
        }
    }
}
