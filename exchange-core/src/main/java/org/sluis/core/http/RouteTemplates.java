package org.sluis.core.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The path templates of the gateway's routes, and which one a request path belongs to: the
 * {@code route} label of the request metrics. A template is Vert.x's syntax as the gateway uses it,
 * literal segments and {@code :name} segments that stand for one non-empty segment
 * ({@code /v1/data/:agreementId}); one trailing slash of a path is ignored. A literal template wins
 * over one with parameters ({@code /v1/participants/me} over {@code /v1/participants/:id}, which the
 * gateway declares in that order, so Vert.x routes the same way); among templates with parameters
 * the first given wins. Other Vert.x templates (wildcards, regular expressions) are not recognised:
 * their paths would go unmatched.
 *
 * <p>Matching walks the path in place; only a path with a trailing slash is copied.
 */
final class RouteTemplates {
    private final Map<String, String> literal = new HashMap<>();
    private final List<Parameterised> parameterised = new ArrayList<>();

    private record Parameterised(String template, String[] segments) {
    }

    /**
     * The templates given, in the order the routes were declared (a template declared for several
     * methods may come more than once).
     *
     * @throws IllegalArgumentException for a template that does not begin with {@code /}
     */
    RouteTemplates(List<String> templates) {
        for (String t : new LinkedHashSet<>(templates)) {
            if (!t.startsWith("/")) {
                throw new IllegalArgumentException("expected a route template beginning with /, found '" + t + "'");
            }
            if (t.contains("/:")) {
                parameterised.add(new Parameterised(t, withoutTrailingSlash(t).substring(1).split("/", -1)));
            } else {
                literal.putIfAbsent(withoutTrailingSlash(t), t);
            }
        }
    }

    /** The template {@code path} belongs to, if one does. */
    String match(String path) {
        String p = withoutTrailingSlash(path);
        String found = literal.get(p);
        if (found != null) {
            return found;
        }
        for (Parameterised t : parameterised) {
            if (matches(t.segments(), p)) {
                return t.template();
            }
        }
        return null;
    }

    /** Whether {@code path} (beginning with {@code /}) has exactly the segments of the template. */
    private static boolean matches(String[] segments, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int at = 1;
        for (int i = 0; i < segments.length; i++) {
            int end = path.indexOf('/', at);
            if (end < 0) {
                end = path.length();
            }
            String s = segments[i];
            boolean fits = s.startsWith(":") ? end > at : end - at == s.length() && path.startsWith(s, at);
            if (!fits) {
                return false;
            }
            boolean lastSegment = i == segments.length - 1;
            boolean pathEnds = end == path.length();
            if (lastSegment || pathEnds) {
                return lastSegment && pathEnds;
            }
            at = end + 1;
        }
        return false;
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
