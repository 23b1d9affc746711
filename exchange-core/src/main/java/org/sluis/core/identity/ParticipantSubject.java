package org.sluis.core.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who a participant certificate names, as decided by the exchange (never by the applicant's CSR).
 *
 * <p>Certificate subject: {@code CN=<participantId>, O=<legalName>, SERIALNUMBER=<registrationNumber>,
 * C=<country>} where the country is the first two letters of the region. The name is built from
 * typed attributes, never by parsing a string, so a legal name such as {@code "Acme, CN=operator"}
 * stays one organisation name.
 *
 * @param participantId the exchange's id for the participant: a slug {@code [a-z0-9][a-z0-9-]{1,62}}
 * @param legalName the registered legal name: 1..200 code points, no control, format (for example
 *     bidi override), private-use or unassigned characters, no leading or trailing whitespace
 * @param registrationNumber the trade-register number (KvK, OIN, …): 1..64 characters of
 *     {@code [A-Za-z0-9 .-]}, not blank
 * @param region an ISO 3166-1 alpha-2 country code ({@code NL}) or an ISO 3166-2 subdivision
 *     code ({@code NL-NH}), upper case, with a country code that ISO 3166-1 assigns
 */
public record ParticipantSubject(String participantId, String legalName, String registrationNumber, String region) {

    private static final Pattern PARTICIPANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern REGISTRATION_NUMBER = Pattern.compile("[A-Za-z0-9 .-]{1,64}");
    private static final Pattern REGION = Pattern.compile("([A-Z]{2})(-[A-Z0-9]{1,3})?");
    private static final Set<String> COUNTRIES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);
    private static final int MAX_LEGAL_NAME = 200;

    /**
     * Validates every component; see the record description for the rules.
     *
     * @param participantId the participant's slug
     * @param legalName the registered legal name
     * @param registrationNumber the trade-register number
     * @param region the ISO 3166-1 or 3166-2 code
     * @throws IllegalArgumentException naming the component, what was expected and what was found
     */
    public ParticipantSubject {
        requireParticipantId(participantId);
        requirePrintable("legal name", legalName, MAX_LEGAL_NAME);
        Objects.requireNonNull(registrationNumber, "registrationNumber");
        if (!REGISTRATION_NUMBER.matcher(registrationNumber).matches() || registrationNumber.isBlank()) {
            throw new IllegalArgumentException("registration number: expected 1..64 characters of [A-Za-z0-9 .-],"
                    + " not blank, found " + quote(registrationNumber));
        }
        Objects.requireNonNull(region, "region");
        var m = REGION.matcher(region);
        if (!m.matches()) {
            throw new IllegalArgumentException("region: expected an upper-case ISO 3166-1 alpha-2 code (NL) or"
                    + " ISO 3166-2 code (NL-NH), found " + quote(region));
        }
        if (!COUNTRIES.contains(m.group(1))) {
            throw new IllegalArgumentException("region: expected an ISO 3166-1 country code, found " + quote(m.group(1))
                    + " in " + quote(region));
        }
    }

    /**
     * Returns the ISO 3166-1 alpha-2 country of the region ({@code NL} for {@code NL-NH}).
     *
     * @return two upper-case letters
     */
    public String country() {
        return region.substring(0, 2);
    }

    /**
     * Returns whether the text is a well-formed participant id.
     *
     * @param text any text, possibly null
     * @return true if it matches {@code [a-z0-9][a-z0-9-]{1,62}}
     */
    public static boolean isParticipantId(String text) {
        return text != null && PARTICIPANT_ID.matcher(text).matches();
    }

    /** The subject as an X.500 name, in DER order C, SERIALNUMBER, O, CN (printed CN first). */
    X500Name toX500Name() {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, country())
                .addRDN(BCStyle.SERIALNUMBER, registrationNumber)
                .addRDN(BCStyle.O, legalName)
                .addRDN(BCStyle.CN, participantId)
                .build();
    }

    static void requireParticipantId(String participantId) {
        Objects.requireNonNull(participantId, "participantId");
        if (!isParticipantId(participantId)) {
            throw new IllegalArgumentException("participant id: expected 2..63 characters of [a-z0-9-] starting with"
                    + " a letter or digit, found " + quote(participantId));
        }
    }

    /**
     * Requires a display string safe to put in a certificate name: 1..max code points, no invisible
     * or control characters (a U+202E right-to-left override would let "Acme" display as another name).
     */
    static void requirePrintable(String what, String text, int max) {
        Objects.requireNonNull(text, what);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > max) {
            throw new IllegalArgumentException(what + ": expected 1.." + max + " characters, found " + length);
        }
        if (!text.strip().equals(text)) {
            throw new IllegalArgumentException(what + ": expected no leading or trailing whitespace, found "
                    + quote(text));
        }
        text.codePoints().filter(ParticipantSubject::isUnprintable).findFirst().ifPresent(cp -> {
            throw new IllegalArgumentException(what + ": expected printable characters only, found "
                    + String.format(Locale.ROOT, "U+%04X", cp) + " in " + quote(text));
        });
    }

    private static boolean isUnprintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** Quotes untrusted text for a message, escaping anything unprintable and capping the length. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(80).forEach(cp -> {
            if (isUnprintable(cp) || cp == '"' || cp == '\\') {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > 80) {
            out.append("…");
        }
        return out.append('"').toString();
    }
}
