package org.sluis.policy.consent;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR R4 {@code dateTime} (https://hl7.org/fhir/R4/datatypes.html#dateTime) read as the bounds
 * of a {@code Period}, which FHIR defines as inclusive at the precision given: "the end value
 * includes any matching date/time", so an end of {@code 2026-02-03} covers all of that day.
 * Consents use a half-open {@code [validFrom, validUntil)}, so:
 * <ul>
 *   <li>a start is the first instant it matches: {@code 2026} → 2026-01-01T00:00Z,
 *       {@code 2026-02} → 2026-02-01T00:00Z, {@code 2026-02-03} → 2026-02-03T00:00Z;</li>
 *   <li>an end is the first instant after all it matches: {@code 2026} → 2027-01-01T00:00Z,
 *       {@code 2026-02} → 2026-03-01T00:00Z, {@code 2026-02-03} → 2026-02-04T00:00Z, and a
 *       time plus one unit of its last digit: {@code 10:00:00Z} → 10:00:01Z,
 *       {@code 10:00:00.25Z} → 10:00:00.26Z.</li>
 * </ul>
 * Dates without a time have no zone in FHIR; they are read in UTC. A time must carry its zone, as
 * FHIR requires.
 */
final class FhirDateTime {
    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:\\d{2}))?)?)?");

    private FhirDateTime() {
    }

    /**
     * The first instant a FHIR dateTime matches.
     *
     * @throws IllegalArgumentException with the reason, if the text is not a FHIR dateTime
     */
    static Instant start(String text) {
        return bounds(text, false);
    }

    /**
     * The first instant after everything a FHIR dateTime matches (an exclusive end).
     *
     * @throws IllegalArgumentException with the reason, if the text is not a FHIR dateTime
     */
    static Instant endExclusive(String text) {
        return bounds(text, true);
    }

    private static Instant bounds(String text, boolean end) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff]+zz:zz), found "
                    + text);
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                LocalDate first = LocalDate.of(year, 1, 1);
                return utc(end ? first.plusYears(1) : first);
            }
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                LocalDate first = LocalDate.of(year, month, 1);
                return utc(end ? first.plusMonths(1) : first);
            }
            LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return utc(end ? day.plusDays(1) : day);
            }
            String fraction = m.group(7) == null ? "" : m.group(7);
            LocalDateTime local = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9)));
            Instant at = local.toInstant(ZoneOffset.of(m.group(8)));
            if (!end) {
                return at;
            }
            long unitNanos = 1; // one unit of the last digit given
            for (int digits = fraction.length(); digits < 9; digits++) {
                unitNanos *= 10;
            }
            return at.plus(unitNanos, ChronoUnit.NANOS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("expected a valid date and time, found " + text + " (" + e.getMessage() + ")", e);
        }
    }

    private static Instant utc(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
