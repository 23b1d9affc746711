package org.sluis.connectors.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sluis.connectors.pipeline.ObligationPipelineTest.KEYS;
import static org.sluis.connectors.pipeline.ObligationPipelineTest.NO_CONSENTS;
import static org.sluis.connectors.pipeline.ObligationPipelineTest.bytes;
import static org.sluis.connectors.pipeline.ObligationPipelineTest.consents;
import static org.sluis.connectors.pipeline.ObligationPipelineTest.query;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.server.IResourceProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.RecordSource;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.fhir.FhirSource;
import org.sluis.connectors.fhir.FhirTestServer;
import org.sluis.connectors.file.FileSource;
import org.sluis.connectors.format.RecordFormat;
import org.sluis.connectors.format.RecordWriter;
import org.sluis.connectors.format.SourceFormat;
import org.sluis.connectors.http.HttpSource;
import org.sluis.connectors.jdbc.JdbcSource;
import org.sluis.connectors.jdbc.JdbcSourceConfig;
import org.sluis.connectors.jdbc.TestDatabase;
import org.sluis.connectors.net.Cidr;
import org.sluis.connectors.net.NetworkGuard;
import org.sluis.policy.Obligation;
import org.sluis.policy.consent.Consent;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentView;

/**
 * Each real source serving the same five patients, through each obligation: an NDJSON file in a
 * temporary directory, a JSON array from an HTTP server on loopback, a PostgreSQL table, and
 * Patient resources from a HAPI FHIR server (read two to a page, so the table's and the FHIR
 * server's pages are crossed too). What the pipeline delivers is written by the real writers and
 * compared with the exact text written out in each test. Pseudonyms and subject hashes come from
 * {@link Reference}, the JDK's own HmacSHA256, never from the code under test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SourceObligationsTest {
    private static final String AGREEMENT = "a-17";
    private static final SourceRead READ = new SourceRead(Set.of(), Optional.empty(), Optional.empty(), AGREEMENT,
            "urn:sluis:participant:lab", "tr-1");

    /** One patient, as every source holds it: the members of a FHIR Patient with these elements, in FHIR's order. */
    record Patient(String id, boolean active, String gender, String birthDate) {
        String json() {
            return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":" + active + ",\"gender\":\"" + gender
                    + "\",\"birthDate\":\"" + birthDate + "\"}";
        }

        org.hl7.fhir.r4.model.Patient resource() {
            org.hl7.fhir.r4.model.Patient p = new org.hl7.fhir.r4.model.Patient();
            p.setId(id);
            p.setActive(active);
            p.setGender(AdministrativeGender.fromCode(gender));
            p.setBirthDateElement(new DateType(birthDate));
            return p;
        }
    }

    /** The dataset every source serves, in this order. */
    static final List<Patient> PATIENTS = List.of(
            new Patient("p1", true, "female", "1961-02-03"),
            new Patient("p2", false, "male", "1975-06-30"),
            new Patient("p3", true, "female", "1982-11-11"),
            new Patient("p4", true, "other", "1990-01-15"),
            new Patient("p5", true, "male", "2001-07-04"));

    /** The four kinds of source. */
    enum Upstream {
        FILE("a file"), HTTP("an HTTP server"), JDBC("PostgreSQL"), FHIR("a FHIR server");

        private final String shown;

        Upstream(String shown) {
            this.shown = shown;
        }

        @Override
        public String toString() {
            return shown;
        }
    }

    /** A test run once against each source. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "read from {0}")
    @EnumSource(Upstream.class)
    @interface FromEverySource {
    }

    private static final Map<Upstream, RecordSource> SOURCES = new EnumMap<>(Upstream.class);
    @TempDir
    static Path files;
    private static HttpServer http;
    private static TestDatabase database;
    private static FhirTestServer fhir;

    @BeforeAll
    static void serveThePatients() throws Exception {
        Files.writeString(files.resolve("patients.ndjson"), PATIENTS.stream().map(p -> p.json() + "\n").collect(Collectors.joining()));
        SOURCES.put(Upstream.FILE, new FileSource(files, "patients.ndjson", SourceFormat.NDJSON));

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] array = PATIENTS.stream().map(Patient::json).collect(Collectors.joining(",", "[", "]")).getBytes(UTF_8);
        http.createContext("/patients", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, array.length);
                exchange.getResponseBody().write(array);
            }
        });
        http.start();
        SOURCES.put(Upstream.HTTP, new HttpSource(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/patients"),
                SourceFormat.JSON, Map.of(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                new NetworkGuard(List.of(Cidr.parse("127.0.0.1/32")))));

        database = TestDatabase.create();
        database.run("CREATE TABLE patient (\"resourceType\" text NOT NULL, id text PRIMARY KEY, active boolean NOT NULL,"
                + " gender text NOT NULL, \"birthDate\" date NOT NULL)");
        for (Patient p : PATIENTS) {
            database.run("INSERT INTO patient VALUES ('Patient', '" + p.id() + "', " + p.active() + ", '" + p.gender() + "', '"
                    + p.birthDate() + "')");
        }
        SOURCES.put(Upstream.JDBC, new JdbcSource(JdbcSourceConfig.ofTable(database.url(), null, null, "patient").withSizes(2, 2)));

        fhir = new FhirTestServer(server -> new PatientProvider());
        SOURCES.put(Upstream.FHIR, new FhirSource(fhir.base, "Patient", Map.of(), 2, Duration.ofSeconds(5), Map.of(), url -> { }));
    }

    @AfterAll
    static void stopServing() {
        http.stop(0);
        database.close();
        fhir.close();
    }

    /** HAPI's search for {@code GET /Patient}: every patient. */
    public static final class PatientProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return org.hl7.fhir.r4.model.Patient.class;
        }

        /** The search HAPI routes {@code GET /Patient} to. */
        @Search
        public List<org.hl7.fhir.r4.model.Patient> search() {
            return PATIENTS.stream().map(Patient::resource).toList();
        }
    }

    /** Reads {@code upstream} through the pipeline and writes what it delivers in {@code format}, as a transfer does. */
    static String deliver(Upstream upstream, RecordFormat format, Supplier<ConsentView> consent, Obligation... obligations)
            throws IOException {
        List<Obligation> list = List.of(obligations);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordCursor records = ObligationPipeline.apply(SOURCES.get(upstream).open(READ), list, KEYS, consent, Set.of())) {
            RecordWriter writer = format.writer(out, ObligationPipeline.columns(list, Set.of()));
            for (ObjectNode r = records.next(); r != null; r = records.next()) {
                writer.write(r);
            }
            writer.finish();
        }
        return out.toString(UTF_8);
    }

    static String deliver(Upstream upstream, RecordFormat format, Obligation... obligations) throws IOException {
        return deliver(upstream, format, NO_CONSENTS, obligations);
    }

    /** A consent filter on the patient's id, the subject of a Patient resource. */
    static Obligation.ConsentFilter consentFilter(ConsentMode mode) {
        return new Obligation.ConsentFilter(mode, "id", query(mode));
    }

    /** A consent about the dataset of {@link ObligationPipelineTest#query}, stored under the reference subject hash. */
    static Consent consent(String rawSubject, boolean permit) {
        return new Consent(Reference.subjectHash(rawSubject), Optional.of("cohort-2026"), Optional.empty(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), permit);
    }

    @Nested
    class WithoutObligations {
        @FromEverySource
        void every_source_yields_the_same_records_in_the_same_order(Upstream upstream) throws IOException {
            assertEquals("""
                    {"resourceType":"Patient","id":"p1","active":true,"gender":"female","birthDate":"1961-02-03"}
                    {"resourceType":"Patient","id":"p2","active":false,"gender":"male","birthDate":"1975-06-30"}
                    {"resourceType":"Patient","id":"p3","active":true,"gender":"female","birthDate":"1982-11-11"}
                    {"resourceType":"Patient","id":"p4","active":true,"gender":"other","birthDate":"1990-01-15"}
                    {"resourceType":"Patient","id":"p5","active":true,"gender":"male","birthDate":"2001-07-04"}
                    """, deliver(upstream, RecordFormat.NDJSON));
        }

        @FromEverySource
        void as_csv_every_source_gives_the_first_records_fields_as_the_header(Upstream upstream) throws IOException {
            assertEquals("""
                    resourceType,id,active,gender,birthDate\r
                    Patient,p1,true,female,1961-02-03\r
                    Patient,p2,false,male,1975-06-30\r
                    Patient,p3,true,female,1982-11-11\r
                    Patient,p4,true,other,1990-01-15\r
                    Patient,p5,true,male,2001-07-04\r
                    """, deliver(upstream, RecordFormat.CSV));
        }
    }

    @Nested
    class DropFields {
        @FromEverySource
        void removes_the_dropped_fields_from_every_record(Upstream upstream) throws IOException {
            assertEquals("""
                    {"id":"p1","active":true,"gender":"female"}
                    {"id":"p2","active":false,"gender":"male"}
                    {"id":"p3","active":true,"gender":"female"}
                    {"id":"p4","active":true,"gender":"other"}
                    {"id":"p5","active":true,"gender":"male"}
                    """, deliver(upstream, RecordFormat.NDJSON, new Obligation.DropFields(Set.of("birthDate", "resourceType"))));
        }
    }

    @Nested
    class Pseudonymise {
        @FromEverySource
        void replaces_each_id_with_the_agreements_pseudonym_of_it(Upstream upstream) throws IOException {
            assertEquals(("["
                    + "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":true,\"gender\":\"female\",\"birthDate\":\"1961-02-03\"},"
                    + "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":false,\"gender\":\"male\",\"birthDate\":\"1975-06-30\"},"
                    + "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":true,\"gender\":\"female\",\"birthDate\":\"1982-11-11\"},"
                    + "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":true,\"gender\":\"other\",\"birthDate\":\"1990-01-15\"},"
                    + "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":true,\"gender\":\"male\",\"birthDate\":\"2001-07-04\"}"
                    + "]").formatted(Reference.pseudonym("p1"), Reference.pseudonym("p2"), Reference.pseudonym("p3"),
                            Reference.pseudonym("p4"), Reference.pseudonym("p5")),
                    deliver(upstream, RecordFormat.JSON, new Obligation.Pseudonymise(Set.of("id"), "agreement:" + AGREEMENT)));
        }
    }

    @Nested
    class ConsentFilter {
        @FromEverySource
        void under_opt_in_delivers_only_the_patients_who_permitted(Upstream upstream) throws IOException {
            assertEquals("""
                    {"resourceType":"Patient","id":"p2","active":false,"gender":"male","birthDate":"1975-06-30"}
                    {"resourceType":"Patient","id":"p4","active":true,"gender":"other","birthDate":"1990-01-15"}
                    """, deliver(upstream, RecordFormat.NDJSON, consents(consent("p2", true), consent("p3", false), consent("p4", true)),
                    consentFilter(ConsentMode.OPT_IN)));
        }

        @FromEverySource
        void under_opt_out_delivers_every_patient_but_those_who_denied(Upstream upstream) throws IOException {
            assertEquals("""
                    {"resourceType":"Patient","id":"p1","active":true,"gender":"female","birthDate":"1961-02-03"}
                    {"resourceType":"Patient","id":"p2","active":false,"gender":"male","birthDate":"1975-06-30"}
                    {"resourceType":"Patient","id":"p4","active":true,"gender":"other","birthDate":"1990-01-15"}
                    {"resourceType":"Patient","id":"p5","active":true,"gender":"male","birthDate":"2001-07-04"}
                    """, deliver(upstream, RecordFormat.NDJSON, consents(consent("p2", true), consent("p3", false)),
                    consentFilter(ConsentMode.OPT_OUT)));
        }
    }

    @Nested
    class Aggregate {
        @FromEverySource
        void counts_each_gender_and_suppresses_the_group_smaller_than_k(Upstream upstream) throws IOException {
            assertEquals("""
                    gender,count\r
                    female,2\r
                    male,2\r
                    """, deliver(upstream, RecordFormat.CSV, new Obligation.Aggregate(List.of("gender"), 2)));
        }
    }

    @Nested
    class CapRecords {
        @FromEverySource
        void delivers_only_the_first_records_up_to_the_cap(Upstream upstream) throws IOException {
            assertEquals("""
                    {"resourceType":"Patient","id":"p1","active":true,"gender":"female","birthDate":"1961-02-03"}
                    {"resourceType":"Patient","id":"p2","active":false,"gender":"male","birthDate":"1975-06-30"}
                    """, deliver(upstream, RecordFormat.NDJSON, new Obligation.CapRecords(2)));
        }
    }

    @Nested
    class AllAtOnce {
        @FromEverySource
        void filters_then_drops_then_pseudonymises_then_caps(Upstream upstream) throws IOException {
            assertEquals("""
                    {"id":"%s","active":true,"gender":"female"}
                    {"id":"%s","active":false,"gender":"male"}
                    {"id":"%s","active":true,"gender":"other"}
                    """.formatted(Reference.pseudonym("p1"), Reference.pseudonym("p2"), Reference.pseudonym("p4")),
                    deliver(upstream, RecordFormat.NDJSON, consents(consent("p3", false)), new Obligation.CapRecords(3),
                            new Obligation.Pseudonymise(Set.of("id"), "agreement:" + AGREEMENT),
                            new Obligation.DropFields(Set.of("birthDate", "resourceType")), consentFilter(ConsentMode.OPT_OUT)));
        }
    }

    /**
     * The hashes the pipeline must produce, computed with the JDK's {@code HmacSHA256} as
     * {@code KeyedHash} and {@code Pseudonymiser} document them: a subject hash is
     * base64url(HMAC(subject key, id)); a pseudonym is base64url(HMAC(agreement key, value)), where
     * the agreement key is HMAC(pseudonym key, "agreement:" + agreement id || 0x01), HKDF-Expand
     * (RFC 5869 section 2.3) for one 32-byte block. Base64url without padding (RFC 4648 section 5).
     */
    static final class Reference {
        private Reference() {
        }

        /** The subject key is the one of {@link ObligationPipelineTest#SUBJECT_KEY}. */
        static String subjectHash(String rawSubject) {
            return base64url(hmac(bytes(0), rawSubject.getBytes(UTF_8)));
        }

        /** The pseudonym key is the one of {@link ObligationPipelineTest#PSEUDONYM_KEY}. */
        static String pseudonym(String value) {
            byte[] label = ("agreement:" + AGREEMENT).getBytes(UTF_8);
            byte[] info = Arrays.copyOf(label, label.length + 1);
            info[label.length] = 0x01;
            return base64url(hmac(hmac(bytes(32), info), value.getBytes(UTF_8)));
        }

        private static byte[] hmac(byte[] key, byte[] message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(message);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has HmacSHA256", e);
            }
        }

        private static String base64url(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
