package org.sluis.core.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sluis.core.identity.ClientCredentials;
import org.sluis.core.identity.CsrBuilder;

/**
 * The demo's participants, all made up, and their registration the way the README describes it:
 * each makes a key and a CSR, the operator registers it with {@code POST /v1/participants}, and the
 * key and the returned certificate chain are written to {@code <id>.key.pem} (mode 0600) and
 * {@code <id>.cert.pem} in the credentials directory, where {@code sluis token} finds them.
 */
public final class DemoCast {
    /** The hospital: provides health data and is custodian of its patients' consent. */
    public static final String HOSPITAL = "hospital";
    /** The public health service: aggregates only, after the hospital approves. */
    public static final String GGD = "ggd";
    /** The university research lab. */
    public static final String UNI_LAB = "uni-lab";
    /** The MaaS operator. */
    public static final String MAAS = "maas";
    /** The shared-mobility provider. */
    public static final String ZOEF = "zoef";
    /** The mobility research lab. */
    public static final String MOBILITY_LAB = "mobility-lab";
    /** The semiconductor equipment maker. */
    public static final String KEMPEN = "kempen-litho";
    /** The AI lab of the corridor. */
    public static final String AI_LAB = "ai-lab";
    /** The audit office. */
    public static final String AUDIT = "audit-office";

    /**
     * One participant.
     *
     * @param id         participant id
     * @param name       its (made-up) name
     * @param region     ISO 3166-2 region
     * @param roles      its roles
     * @param categories the kinds of institution it is
     */
    public record Member(String id, String name, String region, List<String> roles, List<String> categories) {
    }

    /** Everyone, in the order they are registered. */
    public static final List<Member> MEMBERS = List.of(
            new Member(HOSPITAL, "Zonnehof Hospital", "NL-NH", List.of("PROVIDER", "CUSTODIAN"), List.of("hospital")),
            new Member(GGD, "Public Health Service Lindestad", "NL-NH", List.of("CONSUMER"), List.of("public-health-service")),
            new Member(UNI_LAB, "Lindestad University Health Data Lab", "NL-NH", List.of("CONSUMER"), List.of("research-institution")),
            new Member(MAAS, "Reisplan MaaS", "NL-UT", List.of("CONSUMER"), List.of("mobility-operator")),
            new Member(ZOEF, "Zoef Shared Mobility", "NL-UT", List.of("PROVIDER"), List.of("mobility-operator")),
            new Member(MOBILITY_LAB, "Urban Mobility Lab", "NL-UT", List.of("CONSUMER"), List.of("research-institution")),
            new Member(KEMPEN, "Kempenland Lithography Systems", "NL-NB", List.of("PROVIDER"), List.of("equipment-maker")),
            new Member(AI_LAB, "Corridor AI Lab", "NL-NB", List.of("CONSUMER"), List.of("research-institution")),
            new Member(AUDIT, "Lindestad Audit Office", "NL-NH", List.of("AUDITOR"), List.of("auditor")));

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoCast() {
    }

    /**
     * Registers every member as the operator and writes its credentials.
     *
     * @param operator the operator's client
     * @param base     the exchange's base URL
     * @param creds    where the members' keys and certificates go
     * @param story    where each registration is told
     * @return a client per member id, logged in with its own key
     */
    public static Map<String, DemoClient> register(DemoClient operator, URI base, Path creds, Story story) {
        Map<String, DemoClient> clients = new LinkedHashMap<>();
        try {
            Files.createDirectories(creds);
            for (int i = 0; i < MEMBERS.size(); i++) {
                Member m = MEMBERS.get(i);
                KeyPair key = CsrBuilder.generateKey("EC");
                ObjectNode body = JSON.createObjectNode().put("id", m.id()).put("name", m.name())
                        .put("registrationNumber", String.format("9%07d", 4711 + i)).put("region", m.region());
                m.roles().forEach(body.putArray("roles")::add);
                m.categories().forEach(body.putArray("categories")::add);
                body.put("csr", CsrBuilder.csr(key, m.id()));
                JsonNode created = operator.post("/v1/participants", body.toString()).expect(201, "registering " + m.id());
                StringBuilder chain = new StringBuilder(created.get("certificate").asText().strip()).append('\n');
                created.get("caChain").forEach(c -> chain.append(c.asText().strip()).append('\n'));
                Path keyFile = creds.resolve(m.id() + ".key.pem");
                Path certFile = creds.resolve(m.id() + ".cert.pem");
                Files.deleteIfExists(keyFile);
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyFile, CsrBuilder.privateKeyPem(key.getPrivate(), null), StandardCharsets.US_ASCII);
                Files.writeString(certFile, chain, StandardCharsets.US_ASCII);
                clients.put(m.id(), new DemoClient(base, ClientCredentials.load(keyFile, certFile)));
                story.event("operator", "registered " + m.id() + " (" + m.name() + "; " + String.join(", ", m.roles()) + "; "
                        + m.region() + "), certificate SHA-256 " + created.path("certificateSha256").asText().substring(0, 12) + "…");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo participants' credentials to " + creds, e);
        }
        return clients;
    }
}
