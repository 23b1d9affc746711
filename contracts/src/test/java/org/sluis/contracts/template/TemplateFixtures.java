package org.sluis.contracts.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.Problem;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Shared helpers: JSON parsing, a valid parameter set per template, and outcome unwrapping. */
public final class TemplateFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String OFFER = "https://sluis.example/policy/offer-1";
    static final String PROVIDER = "https://sluis.example/party/provider";
    static final String DATASET = "https://sluis.example/dataset/cohort-2024";

    /** A valid parameters object for every template, by id (the agreement tests conclude these). */
    public static final Map<String, String> VALID = Map.of(
            "health-secondary-use", """
                    {"purposes": ["scientific-research", "public-health"], "retentionDays": 365,
                     "pseudonymisedFields": ["bsn", "patientId"]}""",
            "mobility-maas", """
                    {"purpose": "route-planning", "from": "2026-01-01", "until": "2026-07-01",
                     "requestsPerDay": 10000, "region": "NL-NH"}""",
            "corridor-industrial", """
                    {"recipient": "https://sluis.example/party/consumer", "purpose": "predictive-maintenance",
                     "endDate": "2027-12-31"}""",
            "open-research", """
                    {"attributionText": "Data: Example Hospital, CC BY 4.0"}""");

    private TemplateFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected well-formed test JSON, found " + text, e);
        }
    }

    static ContractTemplate template(String id) {
        return Templates.find(id).orElseThrow(() -> new IllegalArgumentException("expected template " + id));
    }

    static Instantiated instantiate(String id, String parameters) {
        return template(id).instantiate(OFFER, PROVIDER, DATASET, json(parameters));
    }

    static Policy offer(String id, String parameters) {
        return assertInstanceOf(Instantiated.Offer.class, instantiate(id, parameters),
                "expected the parameters to be accepted").policy();
    }

    static List<Problem> problems(String id, String parameters) {
        return assertInstanceOf(Instantiated.Rejected.class, instantiate(id, parameters),
                "expected the parameters to be rejected").problems();
    }

    static List<String> pointers(List<Problem> problems) {
        return problems.stream().map(Problem::pointer).toList();
    }
}
