package org.sluis.connectors.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.postgresql.util.PGobject;

/**
 * How one PostgreSQL column type becomes JSON, decided once per column from the result's metadata
 * so that each row costs one switch per value.
 *
 * <p>Numbers stay numbers (numeric exactly, as a decimal), except NaN and infinities, which JSON
 * has no number for and which become the strings PostgreSQL prints. {@code timestamptz} becomes an
 * RFC 3339 string in UTC ({@code 2024-05-01T08:30:00Z}); {@code timestamp} has no offset and gets
 * none ({@code 2024-05-01T08:30:00}): inventing one would misstate the data. PostgreSQL's
 * {@code infinity} and {@code -infinity} stay those strings. json/jsonb nest, arrays become JSON
 * arrays, bytea becomes base64 (RFC 4648 section 4), everything else the text PostgreSQL prints.
 */
enum ColumnKind {
    BOOLEAN, INTEGER, BIGINT, NUMERIC, REAL, DOUBLE, TIMESTAMP, TIMESTAMPTZ, DATE, JSON, ARRAY, BYTES, TEXT;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The kind for a column of JDBC type {@code sqlType} and PostgreSQL type {@code typeName}. */
    static ColumnKind of(int sqlType, String typeName) {
        if (sqlType == Types.ARRAY) {
            return ARRAY;
        }
        return switch (typeName) {
            case "bool" -> BOOLEAN;
            case "int2", "int4" -> INTEGER;
            case "int8", "oid" -> BIGINT;
            case "numeric" -> NUMERIC;
            case "float4" -> REAL;
            case "float8" -> DOUBLE;
            case "timestamp" -> TIMESTAMP;
            case "timestamptz" -> TIMESTAMPTZ;
            case "date" -> DATE;
            case "json", "jsonb" -> JSON;
            case "bytea" -> BYTES;
            default -> TEXT;
        };
    }

    /**
     * Reads column {@code i} of the current row as JSON.
     *
     * @throws SQLException if the driver cannot read it, or a json column holds no JSON
     */
    JsonNode read(ResultSet rs, int i) throws SQLException {
        JsonNode value = switch (this) {
            case BOOLEAN -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : NODES.booleanNode(b);
            }
            case INTEGER -> {
                int n = rs.getInt(i);
                yield rs.wasNull() ? null : NODES.numberNode(n);
            }
            case BIGINT -> {
                long n = rs.getLong(i);
                yield rs.wasNull() ? null : NODES.numberNode(n);
            }
            case REAL -> {
                float f = rs.getFloat(i);
                yield rs.wasNull() ? null : Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(rs.getString(i));
            }
            case DOUBLE -> {
                double d = rs.getDouble(i);
                yield rs.wasNull() ? null : Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(rs.getString(i));
            }
            case NUMERIC -> numeric(rs.getString(i));
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                yield t == null ? null : NODES.textNode(t.equals(LocalDateTime.MAX) ? "infinity"
                        : t.equals(LocalDateTime.MIN) ? "-infinity" : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : NODES.textNode(t.equals(OffsetDateTime.MAX) ? "infinity"
                        : t.equals(OffsetDateTime.MIN) ? "-infinity" : utc(t));
            }
            case DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                yield d == null ? null : NODES.textNode(d.equals(LocalDate.MAX) ? "infinity"
                        : d.equals(LocalDate.MIN) ? "-infinity" : d.toString());
            }
            case JSON -> {
                String text = rs.getString(i);
                yield text == null ? null : json(text);
            }
            case ARRAY -> {
                Array array = rs.getArray(i);
                if (array == null) {
                    yield null;
                }
                try {
                    yield element(array.getArray(), array.getBaseTypeName());
                } finally {
                    array.free();
                }
            }
            case BYTES -> {
                byte[] bytes = rs.getBytes(i);
                yield bytes == null ? null : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case TEXT -> {
                String text = rs.getString(i);
                yield text == null ? null : NODES.textNode(text);
            }
        };
        return value == null ? NODES.nullNode() : value;
    }

    private static JsonNode numeric(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DecimalNode.valueOf(new BigDecimal(text)) /* exact: the factory may strip zeros */;
        } catch (NumberFormatException e) {
            return NODES.textNode(text); // NaN, Infinity, -Infinity
        }
    }

    private static String utc(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static JsonNode json(String text) throws SQLException {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("a json column holds no JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One element of an array the driver decoded: nested arrays for more dimensions, boxed scalars otherwise. */
    private static JsonNode element(Object value, String baseType) throws SQLException {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value.getClass().isArray()) {
            ArrayNode out = NODES.arrayNode();
            int n = java.lang.reflect.Array.getLength(value);
            for (int k = 0; k < n; k++) {
                out.add(element(java.lang.reflect.Array.get(value, k), baseType));
            }
            return out;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Short || value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(f.toString());
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
        }
        if (value instanceof Timestamp t) {
            return NODES.textNode(baseType.equals("timestamptz")
                    ? utc(t.toInstant().atOffset(ZoneOffset.UTC))
                    : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime()));
        }
        if (value instanceof java.sql.Date d) {
            return NODES.textNode(d.toLocalDate().toString());
        }
        if (value instanceof PGobject o && ("json".equals(o.getType()) || "jsonb".equals(o.getType()))) {
            return o.getValue() == null ? NODES.nullNode() : json(o.getValue());
        }
        if ((baseType.equals("json") || baseType.equals("jsonb")) && value instanceof String s) {
            return json(s);
        }
        return NODES.textNode(value.toString());
    }
}
