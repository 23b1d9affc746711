package org.sluis.contracts.odrl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * The value a constraint compares against: a single {@link Scalar} or a {@link ListOf} scalars.
 * In compact JSON-LD a {@link Text} is a JSON string, a {@link Numeric} a JSON number, an
 * {@link Iri} {@code {"@id": ...}}, a {@link DateTime} or {@link Date} a typed literal
 * {@code {"@value": ..., "@type": "xsd:dateTime"}}, and a {@link ListOf} a JSON array.
 */
public sealed interface RightOperand permits RightOperand.Scalar, RightOperand.ListOf {

    /** A single value. */
    sealed interface Scalar extends RightOperand permits Text, Numeric, DateTime, Date, Iri {
    }

    /**
     * A plain string literal.
     *
     * @param value the string
     */
    record Text(String value) implements Scalar {
        /** Checks the value is present. */
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A number, kept exactly (scale included, so {@code 1.5} and {@code 1.50} differ).
     *
     * @param value the number
     */
    record Numeric(BigDecimal value) implements Scalar {
        /** Checks the value is present. */
        public Numeric {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * An {@code xsd:dateTime} that carries a time zone offset.
     *
     * @param value the instant with its offset
     */
    record DateTime(OffsetDateTime value) implements Scalar {
        /** Checks the value is present. */
        public DateTime {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * An {@code xsd:date}.
     *
     * @param value the calendar date
     */
    record Date(LocalDate value) implements Scalar {
        /** Checks the value is present. */
        public Date {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A resource reference.
     *
     * @param value an absolute IRI
     */
    record Iri(String value) implements Scalar {
        /** Checks the value is an absolute IRI. */
        public Iri {
            Objects.requireNonNull(value, "value");
            if (!Terms.isIri(value)) {
                throw new IllegalArgumentException("expected an absolute IRI, found '" + value + "'");
            }
        }
    }

    /**
     * A non-empty list of scalars, used with isAllOf, isAnyOf and isNoneOf.
     *
     * @param values the members, in document order
     */
    record ListOf(List<Scalar> values) implements RightOperand {
        /** Checks the list is non-empty and copies it. */
        public ListOf {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("expected at least one list member, found none");
            }
        }
    }
}
