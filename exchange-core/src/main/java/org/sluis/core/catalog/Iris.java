package org.sluis.core.catalog;

import java.util.Optional;
import java.util.regex.Pattern;
import org.sluis.core.identity.ExchangeCa;
import org.sluis.core.json.JsonChecks;

/**
 * The IRIs the exchange uses for its parties and assets in ODRL policies. They are URNs
 * (RFC 8141) under {@code urn:sluis:}, so they are absolute IRIs as ODRL requires and never
 * resolve to anything outside the exchange. A participant's IRI is the SAN URI of its certificate
 * ({@link ExchangeCa#PARTICIPANT_URI_PREFIX}), so the party named in an agreement is the one that
 * authenticates with it.
 *
 * <p>Every id must be a slug ({@code [a-z0-9][a-z0-9-]{1,62}}; agreement ids
 * {@code [A-Za-z0-9._~-]{1,128}}): no {@code ':'}, so {@code offer("a", "b")} and a dataset named
 * {@code "a:offer:b"} can never produce the same IRI.
 */
public final class Iris {

    private static final String PARTICIPANT = ExchangeCa.PARTICIPANT_URI_PREFIX;
    private static final String DATASET = "urn:sluis:dataset:";
    private static final String OFFER = ":offer:";
    private static final String AGREEMENT = "urn:sluis:agreement:";
    private static final Pattern AGREEMENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private Iris() {
    }

    /**
     * Returns a participant's IRI.
     *
     * @param id the participant id, a slug
     * @return {@code urn:sluis:participant:<id>}
     * @throws IllegalArgumentException if {@code id} is not a slug
     */
    public static String participant(String id) {
        return PARTICIPANT + slug(id, "participant id");
    }

    /**
     * Returns a dataset's IRI, the target of its offers.
     *
     * @param id the dataset id, a slug
     * @return {@code urn:sluis:dataset:<id>}
     * @throws IllegalArgumentException if {@code id} is not a slug
     */
    public static String dataset(String id) {
        return DATASET + slug(id, "dataset id");
    }

    /**
     * Returns an offer's IRI, the uid of its ODRL Offer.
     *
     * @param datasetId the dataset id, a slug
     * @param offerId   the offer id within the dataset, a slug
     * @return {@code urn:sluis:dataset:<datasetId>:offer:<offerId>}
     * @throws IllegalArgumentException if either id is not a slug
     */
    public static String offer(String datasetId, String offerId) {
        return dataset(datasetId) + OFFER + slug(offerId, "offer id");
    }

    /**
     * Returns an agreement's IRI, the uid of its ODRL Agreement.
     *
     * @param id the agreement id: 1 to 128 letters, digits, {@code .}, {@code _}, {@code ~} or {@code -}
     * @return {@code urn:sluis:agreement:<id>}
     * @throws IllegalArgumentException if {@code id} has any other character or length
     */
    public static String agreement(String id) {
        if (id == null || !AGREEMENT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("expected an agreement id of 1 to 128 letters, digits, '.', '_', '~'"
                    + " or '-', found " + (id == null ? "null" : JsonChecks.quote(id)));
        }
        return AGREEMENT + id;
    }

    /**
     * Returns the participant id an IRI names: the inverse of {@link #participant(String)}.
     *
     * @param iri any string
     * @return the id if {@code iri} is {@code urn:sluis:participant:<slug>}, else empty
     */
    public static Optional<String> participantId(String iri) {
        if (iri == null || !iri.startsWith(PARTICIPANT)) {
            return Optional.empty();
        }
        String id = iri.substring(PARTICIPANT.length());
        return Syntax.isSlug(id) ? Optional.of(id) : Optional.empty();
    }

    private static String slug(String id, String what) {
        if (!Syntax.isSlug(id)) {
            throw new IllegalArgumentException("expected the " + what + " to be " + Syntax.SLUG_RULE + ", found "
                    + (id == null ? "null" : JsonChecks.quote(id)));
        }
        return id;
    }
}
