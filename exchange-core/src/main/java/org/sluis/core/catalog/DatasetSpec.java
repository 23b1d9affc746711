package org.sluis.core.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.core.json.JsonChecks;
import org.sluis.policy.consent.ConsentMode;

/**
 * A dataset as its provider published it: description, fields, where the records come from,
 * whether consent governs delivery, and the offers consumers may negotiate.
 *
 * @param id           a slug, unique per exchange
 * @param title        1 to 200 characters without control characters
 * @param description  at most 4000 characters, possibly empty
 * @param domain       {@code [a-z][a-z0-9-]{1,31}}, e.g. {@code health}
 * @param fields       1 to 500 fields with distinct names
 * @param source       where the records come from
 * @param consentMode  whether delivery depends on the data subjects' consent
 * @param subjectField the field naming a record's data subject; present unless the mode is NONE,
 *                     and always one of {@code fields}
 * @param offers       1 to 20 offers with distinct ids
 */
public record DatasetSpec(String id, String title, String description, String domain, List<FieldSpec> fields,
                          DataSource source, ConsentMode consentMode, Optional<String> subjectField,
                          List<OfferSpec> offers) {

    /** The most fields a dataset may declare. */
    public static final int MAX_FIELDS = 500;
    /** The most offers a dataset may make. */
    public static final int MAX_OFFERS = 20;
    private static final OdrlCodec CODEC = new OdrlCodec();

    /**
     * Checks every rule above and copies the lists.
     *
     * @throws IllegalArgumentException if any does not hold
     */
    public DatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(consentMode, "consentMode");
        Objects.requireNonNull(subjectField, "subjectField");
        fields = List.copyOf(fields);
        offers = List.copyOf(offers);
        require(Syntax.isSlug(id), "expected the dataset id to be " + Syntax.SLUG_RULE + ", found " + JsonChecks.quote(id));
        Syntax.title(title).ifPresent(DatasetSpec::fail);
        Syntax.description(description).ifPresent(DatasetSpec::fail);
        require(Syntax.DOMAIN.matcher(domain).matches(), "expected a domain matching " + Syntax.DOMAIN + ", found "
                + JsonChecks.quote(domain));
        require(!fields.isEmpty() && fields.size() <= MAX_FIELDS, "expected 1 to " + MAX_FIELDS + " fields, found "
                + fields.size());
        Set<String> names = new HashSet<>();
        for (FieldSpec f : fields) {
            require(names.add(f.name()), "expected distinct field names, found '" + f.name() + "' twice");
        }
        require(consentMode == ConsentMode.NONE || subjectField.isPresent(), "expected a subject field for consent"
                + " mode " + consentMode.wire() + ", found none");
        subjectField.ifPresent(s -> require(names.contains(s), "expected the subject field to be one of the fields "
                + names + ", found " + JsonChecks.quote(s)));
        require(!offers.isEmpty() && offers.size() <= MAX_OFFERS, "expected 1 to " + MAX_OFFERS + " offers, found "
                + offers.size());
        Set<String> offerIds = new HashSet<>();
        for (OfferSpec o : offers) {
            require(offerIds.add(o.id()), "expected distinct offer ids, found '" + o.id() + "' twice");
        }
    }

    /**
     * Builds the public description of the dataset: {@code {"id", "provider", "title",
     * "description", "domain", "fields": [{"name", "type", "sensitivity"}], "source",
     * "consent": {"mode", "subjectField"?}, "offers": [{"id", "template"?, "templateVersion"?,
     * "parameters"?, "autoAccept", "policy"}]}}, where {@code source} is
     * {@link DataSource#publicJson()} (no secrets) and {@code policy} the compact ODRL JSON-LD Offer.
     *
     * @param provider the providing participant's id
     * @return a new object
     */
    public ObjectNode publicJson(String provider) {
        Objects.requireNonNull(provider, "provider");
        ObjectNode out = JsonNodeFactory.instance.objectNode()
                .put("id", id).put("provider", provider).put("title", title).put("description", description)
                .put("domain", domain);
        ArrayNode fieldsOut = out.putArray("fields");
        fields.forEach(f -> fieldsOut.addObject().put("name", f.name()).put("type", f.type())
                .put("sensitivity", f.sensitivity().wire()));
        out.set("source", source.publicJson());
        ObjectNode consent = out.putObject("consent").put("mode", consentMode.wire());
        subjectField.ifPresent(s -> consent.put("subjectField", s));
        ArrayNode offersOut = out.putArray("offers");
        for (OfferSpec o : offers) {
            ObjectNode offer = offersOut.addObject().put("id", o.id());
            o.template().ifPresent(t -> offer.put("template", t));
            o.templateVersion().ifPresent(v -> offer.put("templateVersion", v));
            if (o.parameters() != null) {
                offer.set("parameters", o.parameters());
            }
            offer.put("autoAccept", o.autoAccept());
            offer.set("policy", CODEC.toJson(o.policy()));
        }
        return out;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            fail(problem);
        }
    }

    private static void fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
