package org.sluis.contracts.odrl;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Name handling shared by the model and the codec: turns {@code "use"}, {@code "odrl:use"} and
 * {@code "http://www.w3.org/ns/odrl/2/use"} into the same ODRL term (and a Dublin Core IRI into its
 * {@code dct:} form), and recognises absolute IRIs.
 */
final class Terms {

    /** The ODRL 2.2 namespace (ODRL Vocabulary 2.2). */
    static final String ODRL_NS = "http://www.w3.org/ns/odrl/2/";
    /** The ODRL 2.2 JSON-LD context document. */
    static final String ODRL_CONTEXT = "http://www.w3.org/ns/odrl.jsonld";
    private static final String ODRL_CONTEXT_HTTPS = "https://www.w3.org/ns/odrl.jsonld";
    private static final String ODRL_PREFIX = "odrl:";
    private static final String XSD_NS = "http://www.w3.org/2001/XMLSchema#";
    /** The Dublin Core terms namespace, prefix {@code dct} in the ODRL context. */
    private static final String DCT_NS = "http://purl.org/dc/terms/";

    private Terms() {
    }

    /**
     * Strips the ODRL namespace or {@code odrl:} prefix.
     *
     * @param name a member name or value as found in the document
     * @return the compact term if {@code name} is in the ODRL namespace or has no prefix, else empty
     */
    static Optional<String> odrlTerm(String name) {
        if (name.startsWith(ODRL_NS)) {
            return Optional.of(name.substring(ODRL_NS.length()));
        }
        if (name.startsWith(ODRL_PREFIX)) {
            return Optional.of(name.substring(ODRL_PREFIX.length()));
        }
        if (name.indexOf(':') < 0) {
            return Optional.of(name);
        }
        return Optional.empty();
    }

    /**
     * Turns a Dublin Core term IRI into its {@code dct:} compact form, the one the ODRL context
     * declares, so both spellings of a member are recognised as the same member.
     *
     * @param name a member name as found in the document
     * @return {@code dct:<term>} for a name in the Dublin Core terms namespace, else {@code name}
     */
    static String dct(String name) {
        return name.startsWith(DCT_NS) ? "dct:" + name.substring(DCT_NS.length()) : name;
    }

    /**
     * Normalises an XML Schema datatype name to its {@code xsd:} form.
     *
     * @param name {@code xsd:date} or {@code http://www.w3.org/2001/XMLSchema#date}
     * @return the {@code xsd:}-prefixed name, or {@code name} unchanged if it is neither
     */
    static String xsd(String name) {
        return name.startsWith(XSD_NS) ? "xsd:" + name.substring(XSD_NS.length()) : name;
    }

    /**
     * Tells whether {@code value} names the ODRL context.
     *
     * @param value a string found in {@code "@context"}
     * @return true for the http or https form of the ODRL 2.2 context IRI
     */
    static boolean isOdrlContext(String value) {
        return ODRL_CONTEXT.equals(value) || ODRL_CONTEXT_HTTPS.equals(value);
    }

    /**
     * Tells whether {@code value} is an absolute IRI (RFC 3987 section 2.2, checked with the RFC 3986
     * syntax of {@link URI}) or a compact IRI with a prefix.
     *
     * @param value the candidate
     * @return true if it has a scheme (or prefix) and no whitespace
     */
    static boolean isIri(String value) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
