package org.sluis.core.identity;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.regex.Pattern;

/**
 * Parses a compact-serialised JWS (RFC 7515 §7.1) and nothing else.
 *
 * <p>Nimbus's generic {@code JWTParser} would hand back an unsecured {@code PlainJWT} for {@code "alg":"none"} and an
 * {@code EncryptedJWT} for five parts; both are refused here, before any key is looked at, so no later code can
 * mistake them for signed tokens. Parts must be strict base64url without padding or whitespace, so one token has one
 * spelling. Nimbus itself refuses a header with duplicate member names.
 */
final class CompactJws {

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    private CompactJws() {}

    /**
     * Splits and parses {@code compact}, refusing anything that is not a signed compact JWS.
     *
     * @param compact the token as received
     * @param maxLength the most characters accepted, checked before any decoding
     * @return the parsed, not yet verified, JWT
     * @throws JwtRejectedException if the token is too long, not three strict base64url parts, unsecured, encrypted or
     *     carries a header or payload that does not parse
     */
    static SignedJWT parse(String compact, int maxLength) throws JwtRejectedException {
        if (compact.length() > maxLength) {
            throw new JwtRejectedException("expected a JWT of at most " + maxLength + " characters, found " + compact.length());
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length == 5) {
            throw new JwtRejectedException("expected a signed JWT (compact JWS, 3 parts), found 5 parts: an encrypted JWE");
        }
        if (parts.length != 3) {
            throw new JwtRejectedException("expected a signed JWT (compact JWS, 3 parts), found " + parts.length + " part(s)");
        }
        Header header = header(parts[0]);
        if (header instanceof PlainHeader) {
            throw new JwtRejectedException("expected a signed JWT, found alg none (an unsecured JWT)");
        }
        if (!(header instanceof JWSHeader)) {
            throw new JwtRejectedException("expected a JWS header, found a JWE header");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!BASE64URL.matcher(parts[i]).matches()) {
                throw new JwtRejectedException("expected the " + PART_NAMES[i]
                        + " to be non-empty base64url without padding, found " + (parts[i].isEmpty() ? "nothing" : "other characters"));
            }
        }
        try {
            return new SignedJWT(new Base64URL(parts[0]), new Base64URL(parts[1]), new Base64URL(parts[2]));
        } catch (ParseException e) {
            throw new JwtRejectedException("expected a JWS whose payload is a JSON object, found one that does not parse");
        }
    }

    private static Header header(String encoded) throws JwtRejectedException {
        if (!BASE64URL.matcher(encoded).matches()) {
            throw new JwtRejectedException("expected the header to be non-empty base64url without padding, found "
                    + (encoded.isEmpty() ? "nothing" : "other characters"));
        }
        try {
            return Header.parse(new Base64URL(encoded));
        } catch (ParseException e) {
            throw new JwtRejectedException("expected the header to be a JSON object with an alg member, found one that does not parse");
        }
    }

    /**
     * Quotes a value taken from a token for an error message: single quotes, at most 64 characters.
     *
     * @param value the value, possibly attacker-chosen, possibly {@code null}
     * @return the value fit to quote in a message
     */
    static String quote(Object value) {
        if (value == null) {
            return "none";
        }
        String text = value.toString();
        return "'" + (text.length() <= 64 ? text : text.substring(0, 61) + "...") + "'";
    }
}
