package org.sluis.core.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sluis.core.json.JsonChecks;

/**
 * The lexical rules of a dataset description, shared by {@link DatasetReader} (which reports a
 * broken rule as a problem at a pointer) and the compact constructors of the records (which throw),
 * so a record can never hold what the reader would refuse. Each check returns what was expected
 * and what was found, or empty if the value is fine.
 */
public final class Syntax {

    /** Dataset, offer and participant ids: the participant registry's slug rule. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final String SLUG_RULE = "a slug of 2 to 63 lowercase letters, digits and hyphens";
    static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
    /** RFC 9110 section 5.6.2 {@code token}: what a header field name may be. */
    static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    static final String JDBC_PREFIX = "jdbc:postgresql://";
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_QUERY = 10_000;

    private Syntax() {
    }

    static boolean isSlug(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    /** Any C0 control, DEL or C1 control. */
    static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    /** Tab and line breaks are text in a description; other controls (NUL above all) are not storable. */
    static boolean hasControlBesidesWhitespace(String value) {
        return value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }

    static Optional<String> title(String value) {
        if (value.isBlank() || value.length() > MAX_TITLE || hasControl(value)) {
            return Optional.of("expected a title of 1 to " + MAX_TITLE + " characters without control characters,"
                    + " found " + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    static Optional<String> description(String value) {
        if (value.length() > MAX_DESCRIPTION || hasControlBesidesWhitespace(value)) {
            return Optional.of("expected a description of at most " + MAX_DESCRIPTION
                    + " characters without control characters other than tab and line breaks, found "
                    + value.length() + " characters"
                    + (hasControlBesidesWhitespace(value) ? " with control characters" : ""));
        }
        return Optional.empty();
    }

    /**
     * An absolute http or https URL with a host. Credentials in the URL are refused: they would
     * sit where every endpoint shows the URL, so they belong in headers, which are masked.
     */
    static Optional<String> httpUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("expected an absolute http or https URL, found " + JsonChecks.quote(shown(value)) + " ("
                    + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null || hasControl(value)) {
            return Optional.of("expected an absolute http or https URL with a host, found " + JsonChecks.quote(shown(value)));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("expected a URL without user information (send credentials in 'headers', which are"
                    + " never shown), found user information in " + JsonChecks.quote(shown(value)));
        }
        return Optional.empty();
    }

    /**
     * A path under the operator's file root. Absolute paths, drive letters and {@code ..} segments
     * could leave the root, on either platform's separator.
     */
    static Optional<String> filePath(String value) {
        boolean escapes = value.isEmpty() || value.startsWith("/") || value.startsWith("\\")
                || value.matches("(?s)[A-Za-z]:.*") || hasControl(value);
        for (String segment : value.split("[/\\\\]", -1)) {
            escapes |= segment.equals("..");
        }
        if (escapes) {
            return Optional.of("expected a relative path under the file root, without '..' segments, leading '/'"
                    + " or '\\', drive letter or control characters, found " + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    /** PostgreSQL only; user and password are members of their own, so user information is refused. */
    static Optional<String> jdbcUrl(String value) {
        if (!value.startsWith(JDBC_PREFIX) || value.length() == JDBC_PREFIX.length() || hasControl(value)
                || value.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("expected a URL starting with '" + JDBC_PREFIX + "', found " + JsonChecks.quote(jdbcPublic(value)));
        }
        String authority = value.substring(JDBC_PREFIX.length()).split("[/?]", 2)[0];
        if (authority.contains("@")) {
            return Optional.of("expected a URL without user information (use 'user' and 'password'), found "
                    + JsonChecks.quote(jdbcPublic(maskUserInfo(value))));
        }
        return Optional.empty();
    }

    static Optional<String> table(String value) {
        if (!TABLE.matcher(value).matches()) {
            return Optional.of("expected a table name such as 'visits' or 'public.visits', found " + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    static Optional<String> query(String value) {
        if (value.isBlank() || value.length() > MAX_QUERY) {
            return Optional.of("expected a non-blank query of at most " + MAX_QUERY + " characters, found "
                    + (value.isBlank() ? "a blank one" : value.length() + " characters"));
        }
        return Optional.empty();
    }

    static Optional<String> resourceType(String value) {
        if (!RESOURCE_TYPE.matcher(value).matches()) {
            return Optional.of("expected a FHIR resource type such as 'Observation', found " + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    /** RFC 9110 section 5.6.2: a header name is a token. Used for source headers and a push's sink headers alike. */
    public static Optional<String> headerName(String value) {
        if (!HEADER_NAME.matcher(value).matches()) {
            return Optional.of("expected a header name of token characters (RFC 9110 section 5.6.2), found "
                    + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    /** RFC 9110 section 5.5: no CR, LF, NUL or other controls but tab; CR/LF would split the request. */
    public static Optional<String> headerValue(String value) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            return Optional.of("expected a header value without CR, LF or other control characters,"
                    + " found one with control characters");
        }
        return Optional.empty();
    }

    static Optional<String> parameterName(String value) {
        if (value.isEmpty() || hasControl(value)) {
            return Optional.of("expected a non-empty search parameter name without control characters, found "
                    + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    static Optional<String> parameterValue(String value) {
        if (hasControl(value)) {
            return Optional.of("expected a search parameter value without control characters, found " + JsonChecks.quote(value));
        }
        return Optional.empty();
    }

    /** The JDBC URL without its query, which may carry {@code password=}. */
    static String jdbcPublic(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** A URL as a message may show it: without user information, query or fragment, which may hold secrets. */
    private static String shown(String url) {
        return maskUserInfo(url).split("[?#]", 2)[0];
    }

    private static String maskUserInfo(String url) {
        return url.replaceFirst("//[^/?#]*@", "//(secret)@");
    }

}
