package org.sluis.contracts.agreement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.sluis.contracts.odrl.Action;
import org.sluis.contracts.odrl.ConflictStrategy;
import org.sluis.contracts.odrl.Constraint;
import org.sluis.contracts.odrl.LeftOperands;
import org.sluis.contracts.odrl.Operator;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyType;
import org.sluis.contracts.odrl.RightOperand;
import org.sluis.contracts.odrl.Rule;
import org.sluis.contracts.template.Instantiated;
import org.sluis.contracts.template.TemplateFixtures;
import org.sluis.contracts.template.Templates;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Shared test data: parties, offers, keys, and hand-built JWS for the attacks the verifier must refuse. */
final class AgreementFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String OFFER_UID = "https://sluis.example/policy/offer-1";
    static final String AGREEMENT_UID = "https://sluis.example/agreement/a-1";
    static final String PROVIDER = "https://sluis.example/party/provider";
    static final String CONSUMER = "https://sluis.example/party/consumer";
    static final String DATASET = "https://sluis.example/dataset/cohort-2024";
    static final Instant CONCLUDED = Instant.parse("2026-11-23T10:15:30.125Z");

    /** The four standard templates: valid parameters (as the template tests use) and a purpose each one's Offer admits. */
    static final Map<String, String> TEMPLATE_PARAMETERS = TemplateFixtures.VALID;
    static final Map<String, String> TEMPLATE_PURPOSES = Map.of("health-secondary-use", "scientific-research",
            "mobility-maas", "route-planning", "corridor-industrial", "predictive-maintenance",
            "open-research", "teaching");

    static final ECKey CURRENT = generate("sluis-2026-11");
    static final ECKey ROTATED = generate("sluis-2026-05");

    private AgreementFixtures() {
    }

    static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("expected a P-256 key pair to be generated", e);
        }
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected well-formed test JSON, found " + text, e);
        }
    }

    static Policy templateOffer(String id) {
        Instantiated made = Templates.find(id).orElseThrow()
                .instantiate(OFFER_UID, PROVIDER, DATASET, json(TEMPLATE_PARAMETERS.get(id)));
        return assertInstanceOf(Instantiated.Offer.class, made, () -> made.toString()).policy();
    }

    static Constraint purposeEq(String purpose) {
        return Constraint.Atomic.of(LeftOperands.PURPOSE, Operator.EQ, new RightOperand.Text(purpose));
    }

    static Constraint dateTime(Operator operator, RightOperand value) {
        return Constraint.Atomic.of(LeftOperands.DATE_TIME, operator, value);
    }

    static RightOperand.DateTime at(String rfc3339) {
        return new RightOperand.DateTime(OffsetDateTime.parse(rfc3339));
    }

    /** Permission {@code read} on a second dataset: own target, own uid, an end date and a duty. */
    static Rule.Permission readPermission(List<Constraint> constraints) {
        return new Rule.Permission(Optional.of("https://sluis.example/rule/read-1"),
                Optional.of("https://sluis.example/dataset/summary"), Action.READ, Optional.empty(),
                Optional.of(CONSUMER), constraints, List.of(Rule.Duty.of(Action.ATTRIBUTE)));
    }

    /**
     * A hand-written Offer: {@code use} of the dataset for research until 2027, {@code read} of a
     * summary with its own target, uid and assignee, a prohibition and an obligation.
     */
    static Policy handOffer() {
        Rule.Permission use = new Rule.Permission(Optional.empty(), Optional.empty(), Action.USE, Optional.empty(),
                Optional.empty(), List.of(dateTime(Operator.LT, at("2027-01-01T00:00:00Z"))),
                List.of(Rule.Duty.of(Action.DELETE)));
        Rule.Permission read = readPermission(List.of());
        return new Policy(PolicyType.OFFER, OFFER_UID, Optional.empty(), Optional.empty(), Optional.of(PROVIDER),
                Optional.empty(), Optional.of(DATASET), ConflictStrategy.PROHIBIT, List.of(use, read),
                List.of(Rule.Prohibition.of(DATASET, Action.DISTRIBUTE)), List.of(Rule.Duty.of(Action.INFORM)));
    }

    static Policy agreement() {
        return AgreementTerms.conclude(handOffer(), AGREEMENT_UID, CONSUMER, CONCLUDED, "research");
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unb64(String part) {
        return Base64.getUrlDecoder().decode(part);
    }

    static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"sluis-agreement+jws\"}";
    }

    /** Builds a JWS from exactly these header and payload bytes, signed ES256 (raw r||s, RFC 7518 section 3.4). */
    static String es256(String header, byte[] payload, ECKey key) {
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload);
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key.toECPrivateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("expected ES256 signing to work in the test", e);
        }
    }

    /** Builds a JWS signed HS256 with the given secret (RFC 7518 section 3.2). */
    static String hs256(String header, byte[] payload, byte[] secret) {
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("expected HS256 to work in the test", e);
        }
    }
}
