package org.sluis.policy.opa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** The request and exchange facts the OPA tests share; they match the Rego tests' fixtures. */
final class OpaFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String UMC = "https://id.sluis.example/participants/umc-utrecht";
    static final String AMC = "https://id.sluis.example/participants/amsterdam-umc";

    private OpaFixtures() {
    }

    static OpaInput.AgreementSummary agreement() {
        return new OpaInput.AgreementSummary("agr-1", "offer-icu-1", "health-secondary-use", AMC, UMC,
                Instant.parse("2025-01-10T09:00:00Z"));
    }

    /** The input {@code opa/input-document.json} is the wire form of. */
    static OpaInput input() {
        return new OpaInput(UMC, Set.of("CUSTODIAN", "CONSUMER"), Optional.of("NL-NH"), "active", "icu-admissions",
                "health", "sensitive", AMC, agreement(), "scientific-research", "use",
                Instant.parse("2025-06-01T12:00:00.250Z"));
    }

    static JsonNode resource(String name) {
        try (InputStream in = OpaFixtures.class.getResourceAsStream("/opa/" + name)) {
            if (in == null) {
                throw new IllegalStateException("expected test resource opa/" + name + ", found none");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
