package org.sluis.core.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.connectors.net.Cidr;
import org.sluis.core.identity.Role;
import org.sluis.core.store.KeyFiles;

/**
 * Pulls Patient resources from a real FHIR R4 server (HAPI's plain server in Jetty on loopback)
 * through the gate: page by page along the Bundles' next links, with the agreement's obligations
 * (the opt-out consent filter, pseudonymise, drop) applied, and the completion logged with the
 * digest of exactly the bytes received.
 */
class FhirPullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The ODRL profile's IRIs of the pseudonymise and drop duties and of their field refinement. */
    private static final String SLUIS = "https://sluis.example/odrl/";

    @TempDir
    static Path dataDir;
    static TestGateway allowing;
    static TestGateway guarded;
    static Server fhir;
    /** Each request the FHIR server received. */
    static final List<Seen> requests = Collections.synchronizedList(new ArrayList<>());

    /** A request to the FHIR server: its query and the transfer it was made for (the {@code X-Sluis-Transfer} header). */
    record Seen(String query, String transfer) {
    }

    /** HAPI's search for {@code GET /Patient}: five patients. */
    public static final class PatientProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Patient.class;
        }

        /** The search HAPI routes {@code GET /Patient} to. */
        @Search
        public List<Patient> search() {
            return List.of(patient("p1", true, AdministrativeGender.FEMALE, "1961-02-03"),
                    patient("p2", false, AdministrativeGender.MALE, "1975-06-30"),
                    patient("p3", true, AdministrativeGender.FEMALE, "1982-11-11"),
                    patient("p4", true, AdministrativeGender.OTHER, "1990-01-15"),
                    patient("p5", true, AdministrativeGender.MALE, "2001-07-04"));
        }

        private static Patient patient(String id, boolean active, AdministrativeGender gender, String birthDate) {
            Patient p = new Patient();
            p.setId(id);
            p.setActive(active);
            p.setGender(gender);
            p.setBirthDateElement(new DateType(birthDate));
            return p;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        RestfulServer patients = new RestfulServer(FhirContext.forR4Cached());
        patients.setResourceProviders(new PatientProvider());
        patients.setPagingProvider(new FifoMemoryPagingProvider(10));
        patients.setDefaultResponseEncoding(EncodingEnum.JSON);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(patients), "/fhir/*");
        Filter seen = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            requests.add(new Seen(http.getQueryString(), http.getHeader("X-Sluis-Transfer")));
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(seen), "/*", EnumSet.of(DispatcherType.REQUEST));
        fhir = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        fhir.setHandler(context);
        fhir.start();
        allowing = new TestGateway(dataDir.resolve("allowing"), c -> c.withAllowNetworks(List.of(Cidr.parse("127.0.0.0/8")))).start();
        guarded = new TestGateway(dataDir.resolve("guarded")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        fhir.stop();
        allowing.close();
        guarded.close();
    }

    /**
     * Publishes {@code resourceType} of the FHIR server as dataset {@code id} on {@code server}, read
     * two resources to a page, under opt-out consent with p3 opted out and an offer whose duties
     * pseudonymise the id and drop the birth date; returns a consumer's token and its agreement.
     */
    static String[] agreement(TestGateway server, String id, String resourceType) {
        ApiClient api = new ApiClient(server.base);
        server.register("hospital-" + id, Role.PROVIDER, Role.CUSTODIAN);
        server.register("lab-" + id, Role.CONSUMER);
        String hospital = server.tokenFor("hospital-" + id);
        int port = ((ServerConnector) fhir.getConnectors()[0]).getLocalPort();
        ApiClient.Response r = api.post("/v1/datasets", hospital, """
                {"id": "%1$s", "title": "Patients", "domain": "health",
                 "fields": [{"name": "resourceType", "type": "string", "sensitivity": "public"},
                            {"name": "id", "type": "string", "sensitivity": "identifier"},
                            {"name": "active", "type": "boolean", "sensitivity": "public"},
                            {"name": "gender", "type": "string", "sensitivity": "quasi-identifier"},
                            {"name": "birthDate", "type": "date", "sensitivity": "quasi-identifier"}],
                 "source": {"type": "fhir", "url": "http://127.0.0.1:%2$d/fhir", "resourceType": "%3$s",
                            "params": {"_count": "2"}},
                 "consent": {"mode": "opt-out", "subjectField": "id"},
                 "offers": [{"id": "standard", "autoAccept": true,
                             "policy": {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer",
                                        "profile": "%4$sprofile/v1",
                                        "permission": [{"action": "use", "duty": [
                                          {"action": [{"rdf:value": {"@id": "%4$spseudonymise"}, "refinement": [
                                            {"leftOperand": "%4$sfield", "operator": "isAllOf", "rightOperand": ["id"]}]}]},
                                          {"action": [{"rdf:value": {"@id": "%4$sdrop"}, "refinement": [
                                            {"leftOperand": "%4$sfield", "operator": "isAllOf", "rightOperand": ["birthDate"]}]}]}]}]}}]}
                """.formatted(id, port, resourceType, SLUIS));
        assertEquals(201, r.status(), r.body());
        ApiClient.Response consent = api.post("/v1/consents", hospital,
                "{\"consents\": [{\"subject\": \"p3\", \"datasetId\": \"" + id + "\", \"decision\": \"deny\"}]}");
        assertEquals(201, consent.status(), consent.body());
        String lab = server.tokenFor("lab-" + id);
        ApiClient.Response negotiated = api.post("/v1/negotiations", lab,
                "{\"datasetId\": \"" + id + "\", \"offerId\": \"standard\", \"purpose\": \"scientific-research\"}");
        assertEquals("FINALIZED", negotiated.json().path("state").asText(), negotiated.body());
        return new String[] {lab, negotiated.json().get("agreementId").asText()};
    }

    static HttpResponse<byte[]> pull(TestGateway server, String token, String agreementId) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/data/" + agreementId + "?purpose=scientific-research"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode transfer(TestGateway server, String token, HttpResponse<?> pulled) {
        String id = pulled.headers().firstValue("X-Sluis-Transfer-Id").orElseThrow();
        ApiClient.Response t = new ApiClient(server.base).get("/v1/transfers/" + id, token);
        assertEquals(200, t.status(), t.body());
        return t.json();
    }

    /**
     * The pseudonym the exchange must give {@code value} under {@code agreementId}, computed with the
     * JDK's HmacSHA256 from the exchange's pseudonym key file as {@code Pseudonymiser} documents it:
     * base64url(HMAC(HMAC(key, "agreement:" + id || 0x01), value)), without padding.
     */
    static String pseudonym(TestGateway server, String agreementId, String value) throws Exception {
        byte[] key = Files.readAllBytes(server.config.dataDir().resolve("keys").resolve(KeyFiles.PSEUDONYM));
        byte[] label = ("agreement:" + agreementId).getBytes(UTF_8);
        byte[] info = Arrays.copyOf(label, label.length + 1);
        info[label.length] = 0x01;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(hmac(key, info), value.getBytes(UTF_8)));
    }

    private static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    @Test
    void patients_arePulledAcrossThePages_withConsentFilteredPseudonymisedAndDropped_andTheDigestOfExactlyTheseBytesLogged()
            throws Exception {
        String[] la = agreement(allowing, "patients", "Patient");
        requests.clear();
        HttpResponse<byte[]> r = pull(allowing, la[0], la[1]);
        assertEquals(200, r.statusCode(), new String(r.body(), UTF_8));
        assertEquals("""
                {"resourceType":"Patient","id":"%s","active":true,"gender":"female"}
                {"resourceType":"Patient","id":"%s","active":false,"gender":"male"}
                {"resourceType":"Patient","id":"%s","active":true,"gender":"other"}
                {"resourceType":"Patient","id":"%s","active":true,"gender":"male"}
                """.formatted(pseudonym(allowing, la[1], "p1"), pseudonym(allowing, la[1], "p2"),
                pseudonym(allowing, la[1], "p4"), pseudonym(allowing, la[1], "p5")), new String(r.body(), UTF_8));

        JsonNode t = transfer(allowing, la[0], r);
        assertEquals("completed", t.get("state").asText(), t.toString());
        assertEquals(4, t.get("records").asLong());
        assertEquals(r.body().length, t.get("bytes").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())), t.get("sha256").asText());

        assertEquals(3, requests.size(), "five patients, two to a page: " + requests);
        assertEquals("_count=2", requests.get(0).query());
        assertTrue(requests.subList(1, 3).stream().allMatch(q -> q.query().contains("_getpages=")), "next links: " + requests);
        assertTrue(requests.stream().allMatch(q -> t.get("id").asText().equals(q.transfer())), "each page for the transfer: " + requests);
    }

    @Test
    void aResourceTypeTheServerDoesNotServe_isABadGateway_namingTheServersAnswer_andLoggedAsFailed() throws Exception {
        String[] la = agreement(allowing, "observations", "Observation");
        HttpResponse<byte[]> r = pull(allowing, la[0], la[1]);
        assertEquals(502, r.statusCode(), new String(r.body(), UTF_8));
        JsonNode t = transfer(allowing, la[0], r);
        String detail = JSON.readTree(r.body()).path("detail").asText();
        int port = ((ServerConnector) fhir.getConnectors()[0]).getLocalPort();
        assertTrue(detail.startsWith("the source could not be read: expected 200 for page 1 from http://127.0.0.1:" + port
                + "/fhir/Observation, found 404: {\"resourceType\":\"OperationOutcome\""), detail);
        assertTrue(detail.endsWith(" (transfer " + t.get("id").asText() + ")"), detail);
        assertEquals("failed", t.get("state").asText(), t.toString());
        assertEquals(0, t.get("records").asLong());
    }

    @Test
    void aFhirServerOnLoopback_isRefusedByDefault_asABadGateway_beforeAnyRequestReachesIt() throws Exception {
        String[] la = agreement(guarded, "patients", "Patient");
        requests.clear();
        HttpResponse<byte[]> r = pull(guarded, la[0], la[1]);
        assertEquals(502, r.statusCode(), new String(r.body(), UTF_8));
        JsonNode t = transfer(guarded, la[0], r);
        assertEquals("the source could not be read: refused host 127.0.0.1: it resolves to 127.0.0.1, a loopback address, and no"
                + " allowed network contains it (transfer " + t.get("id").asText() + ")", JSON.readTree(r.body()).path("detail").asText());
        assertEquals(List.of(), requests);
        assertEquals("failed", t.get("state").asText(), t.toString());
        assertEquals(0, t.get("bytes").asLong());
    }
}
