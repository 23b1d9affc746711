package org.sluis.policy.vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Geographic regions by ISO 3166 code and which region lies within which ({@code NL-NH isPartOf NL
 * isPartOf EU}), for {@code odrl:spatial} constraints. Unlike purposes, an unknown region is not
 * accepted silently: a decision about a region the exchange cannot place denies, so
 * {@link #contains} must be checked first. Instances are immutable and thread-safe.
 *
 * <p>The {@link #standard()} regions: {@code EU} (the code ISO 3166-1 reserves exceptionally for
 * the European Union) containing its 27 member states by ISO 3166-1 alpha-2 code (Greece is
 * {@code GR}, not the EU's own {@code EL}); the twelve provinces of the Netherlands by ISO 3166-2
 * code ({@code NL-DR}, {@code NL-FL}, {@code NL-FR}, {@code NL-GE}, {@code NL-GR}, {@code NL-LI},
 * {@code NL-NB}, {@code NL-NH}, {@code NL-OV}, {@code NL-UT}, {@code NL-ZE}, {@code NL-ZH}) within
 * {@code NL}; and {@code GB}, {@code US}, {@code CH}, {@code NO}, each standing alone (outside the EU).
 */
public final class Regions {

    /** The ISO 3166-1 alpha-2 codes of the 27 member states of the European Union. */
    public static final List<String> EU_MEMBERS = List.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
            "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    /** The ISO 3166-2 codes of the twelve provinces of the Netherlands. */
    public static final List<String> NL_PROVINCES = List.of("NL-DR", "NL-FL", "NL-FR", "NL-GE", "NL-GR", "NL-LI",
            "NL-NB", "NL-NH", "NL-OV", "NL-UT", "NL-ZE", "NL-ZH");

    private static final Regions STANDARD = standardRegions();

    private final Hierarchy hierarchy;

    private Regions(Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Returns the standard regions listed in the class comment.
     *
     * @return the shared standard regions
     */
    public static Regions standard() {
        return STANDARD;
    }

    /**
     * Builds a set of regions.
     *
     * @param containedIn every region mapped to the region it lies directly within, or to
     *                    {@code ""} for a region within no other
     * @return the regions
     * @throws IllegalArgumentException if a containing region is not itself listed, or the regions form a cycle
     */
    public static Regions of(Map<String, String> containedIn) {
        return new Regions(new Hierarchy("region", Objects.requireNonNull(containedIn, "containedIn")));
    }

    /**
     * Tells whether a region is known.
     *
     * @param code an ISO 3166 code
     * @return true if it is one of the regions
     */
    public boolean contains(String code) {
        return hierarchy.contains(code);
    }

    /**
     * Tells whether one region lies within another ({@code odrl:isPartOf}); a region lies within itself.
     *
     * @param code      the region asked about
     * @param enclosing the region it may lie within
     * @return true if {@code code} equals {@code enclosing} or lies within it
     */
    public boolean isPartOf(String code, String enclosing) {
        return hierarchy.isWithin(code, enclosing);
    }

    /**
     * Returns a region with every region it lies within.
     *
     * @param code an ISO 3166 code
     * @return an unmodifiable set, {@code {code}} for an unknown region
     */
    public Set<String> withEnclosing(String code) {
        return hierarchy.withBroader(Objects.requireNonNull(code, "code"));
    }

    /**
     * Returns a region with every region within it.
     *
     * @param code an ISO 3166 code
     * @return an unmodifiable set, {@code {code}} for an unknown region
     */
    public Set<String> withContained(String code) {
        return hierarchy.withNarrower(Objects.requireNonNull(code, "code"));
    }

    private static Regions standardRegions() {
        Map<String, String> within = new LinkedHashMap<>();
        within.put("EU", "");
        EU_MEMBERS.forEach(c -> within.put(c, "EU"));
        NL_PROVINCES.forEach(p -> within.put(p, "NL"));
        for (String outside : List.of("GB", "US", "CH", "NO")) {
            within.put(outside, "");
        }
        return of(within);
    }
}
