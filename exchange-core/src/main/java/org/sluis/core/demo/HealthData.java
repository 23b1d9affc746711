package org.sluis.core.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The demo hospital's synthetic patients and their vital signs, the same for the same seed. Patients
 * are FHIR R4 {@code Patient} resources (identifier, name, telecom and address included, so that
 * dropping them is visible); observations are FHIR R4 {@code Observation}s flattened to one level, as
 * a SQL-on-FHIR view would serve them ({@code patient} is the subject's id, {@code code} its LOINC
 * code, and the patient's municipality and age band are joined in), because the exchange filters
 * consent and aggregates on top-level fields. Every name, number and place is made up.
 *
 * <p>Municipalities differ a lot in size and one test (glucose) is rare, so an aggregate by
 * municipality and code has groups small enough to be suppressed.
 *
 * @param patients     the patients, in id order
 * @param observations their observations, in id order
 */
public record HealthData(List<Patient> patients, List<Observation> observations) {
    /** The demo's number of patients. */
    public static final int PATIENTS = 10_000;
    /** The share of patients who opted out of secondary use. */
    static final double OPT_OUT_RATE = 0.03;
    /** The day ages are computed on, so that the data does not change with the calendar. */
    static final LocalDate REFERENCE_DAY = LocalDate.of(2026, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MUNICIPALITIES = {"Lindestad", "Oostervaart", "Brugwijk", "Molenzijl", "Dijkhoven",
        "Zeeveld", "Kleinwater", "Heidedorp", "Ankerveen", "Veenhoek", "Zandpol"};
    private static final double[] MUNICIPALITY_WEIGHTS = {40, 18, 14, 10, 8, 6, 2, 1.2, 0.8, 0.3, 0.2};
    private static final String[] POSTCODES = {"1811", "1822", "1833", "1844", "1855", "1866", "1877", "1888", "1899", "1901", "1912"};
    private static final String[] FAMILY = {"de Wit", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
        "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Jong", "Kramer", "van Dam", "Kok", "Jacobs"};
    private static final String[] GIVEN_FEMALE = {"Anna", "Sophie", "Julia", "Emma", "Lotte", "Fleur", "Noor", "Sanne", "Iris", "Mila"};
    private static final String[] GIVEN_MALE = {"Daan", "Sem", "Lucas", "Levi", "Thijs", "Bram", "Jesse", "Ruben", "Milan", "Finn"};
    private static final String[] STREETS = {"Lindelaan", "Sluiskade", "Molenweg", "Dijkstraat", "Havenpad", "Kerkplein"};
    private static final Code[] CODES = {
        new Code("8480-6", "Systolic blood pressure", "mm[Hg]", 128, 15, 30),
        new Code("8462-4", "Diastolic blood pressure", "mm[Hg]", 80, 10, 30),
        new Code("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", 5.8, 0.8, 15),
        new Code("39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", 26, 4, 22),
        new Code("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", 100, 18, 1.5)};

    /** Copies the lists. */
    public HealthData {
        patients = List.copyOf(patients);
        observations = List.copyOf(observations);
    }

    /**
     * A patient.
     *
     * @param id           the FHIR logical id, {@code pat-000042}, also the consent subject
     * @param mrn          the hospital's record number
     * @param family       family name
     * @param given        given name
     * @param gender       FHIR administrative gender
     * @param birthDate    date of birth
     * @param municipality where the patient lives
     * @param postalCode   the postal code
     * @param street       street and number
     * @param phone        a mobile number
     * @param optedOut     whether the patient opted out of secondary use
     */
    public record Patient(String id, String mrn, String family, String given, String gender, LocalDate birthDate,
                          String municipality, String postalCode, String street, String phone, boolean optedOut) {
        /** Ten-year age band on {@link #REFERENCE_DAY}, e.g. {@code 60-69}. */
        public String ageBand() {
            int age = Period.between(birthDate, REFERENCE_DAY).getYears();
            int low = age / 10 * 10;
            return low + "-" + (low + 9);
        }

        /** The FHIR R4 Patient resource. */
        public ObjectNode toFhir() {
            ObjectNode p = JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
            p.putArray("identifier").addObject().put("system", "https://zonnehof.example/fhir/NamingSystem/mrn").put("value", mrn);
            p.put("active", true);
            ObjectNode name = p.putArray("name").addObject().put("use", "official").put("family", family);
            name.putArray("given").add(given);
            p.putArray("telecom").addObject().put("system", "phone").put("value", phone).put("use", "mobile");
            p.put("gender", gender).put("birthDate", birthDate.toString());
            ObjectNode address = p.putArray("address").addObject().put("use", "home");
            address.putArray("line").add(street);
            address.put("city", municipality).put("postalCode", postalCode).put("country", "NL");
            return p;
        }
    }

    /**
     * An observation, flattened.
     *
     * @param id           the FHIR logical id
     * @param patient      the subject patient's id
     * @param code         LOINC code
     * @param display      LOINC display name
     * @param effective    when it was measured
     * @param value        the measured value
     * @param unit         UCUM unit
     * @param municipality the patient's municipality
     * @param ageBand      the patient's age band
     */
    public record Observation(String id, String patient, String code, String display, LocalDateTime effective, double value,
                              String unit, String municipality, String ageBand) {
        /** The flattened record as served. */
        public ObjectNode toJson() {
            return JSON.createObjectNode().put("resourceType", "Observation").put("id", id).put("status", "final")
                    .put("patient", patient).put("code", code).put("display", display)
                    .put("effectiveDateTime", effective + "Z").put("value", value).put("unit", unit)
                    .put("municipality", municipality).put("ageBand", ageBand);
        }
    }

    private record Code(String code, String display, String unit, double mean, double sd, double weight) {
    }

    /** {@code patients} patients and one to five observations each, from {@code seed}. */
    public static HealthData generate(int patients, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Patient> people = new ArrayList<>(patients);
        List<Observation> observations = new ArrayList<>(patients * 3);
        double[] codeWeights = new double[CODES.length];
        for (int i = 0; i < CODES.length; i++) {
            codeWeights[i] = CODES[i].weight();
        }
        for (int i = 1; i <= patients; i++) {
            boolean female = random.nextBoolean();
            int m = pick(random, MUNICIPALITY_WEIGHTS);
            Patient p = new Patient(String.format("pat-%06d", i), String.format("ZH%07d", random.nextInt(10_000_000)),
                    FAMILY[random.nextInt(FAMILY.length)], (female ? GIVEN_FEMALE : GIVEN_MALE)[random.nextInt(GIVEN_MALE.length)],
                    female ? "female" : "male", LocalDate.of(1935, 1, 1).plusDays(random.nextInt(85 * 365)),
                    MUNICIPALITIES[m], POSTCODES[m] + " " + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)),
                    STREETS[random.nextInt(STREETS.length)] + " " + (1 + random.nextInt(180)),
                    String.format("+31 6 %04d %04d", random.nextInt(10_000), random.nextInt(10_000)),
                    random.nextDouble() < OPT_OUT_RATE);
            people.add(p);
            int count = 1 + random.nextInt(5);
            for (int k = 0; k < count; k++) {
                Code c = CODES[pick(random, codeWeights)];
                double value = Math.round((c.mean() + c.sd() * gaussian(random)) * 10) / 10.0;
                LocalDateTime when = LocalDateTime.of(2025, 1, 1, 8, 0).plusMinutes(random.nextInt(365 * 24 * 60));
                observations.add(new Observation(String.format("obs-%07d", observations.size() + 1), p.id(), c.code(), c.display(),
                        when, value, c.unit(), p.municipality(), p.ageBand()));
            }
        }
        return new HealthData(people, observations);
    }

    /** The patients as FHIR R4 Patient resources, one per line. */
    public byte[] patientsNdjson() {
        return ndjson(patients.stream().map(Patient::toFhir).toList());
    }

    /** The flattened observations, one per line. */
    public byte[] observationsNdjson() {
        return ndjson(observations.stream().map(Observation::toJson).toList());
    }

    /** The ids of the patients who opted out. */
    public List<String> optedOut() {
        return patients.stream().filter(Patient::optedOut).map(Patient::id).toList();
    }

    /** The number of observations per municipality and code, as an aggregate by those fields counts them. */
    public Map<List<String>, Long> observationsByMunicipalityAndCode() {
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\0", a).compareTo(String.join("\0", b)));
        for (Observation o : observations) {
            counts.merge(List.of(o.municipality(), o.code()), 1L, Long::sum);
        }
        return counts;
    }

    static byte[] ndjson(List<ObjectNode> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 256);
        try {
            for (ObjectNode r : records) {
                out.write(JSON.writeValueAsBytes(r));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }

    /** An index drawn with probability proportional to its weight. */
    static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length - 1; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A standard normal variate (Box-Muller), from the seeded generator alone. */
    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
