package org.sluis.policy;

import org.junit.jupiter.api.Test;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.consent.ConsentQuery;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON form of decisions and obligations for the ledger and the API. */
class DecisionJsonTest {

    @Test
    void permit_listsObligationsSortedByKind_withSortedFields() {
        Decision d = Decision.permit(List.of(
                new Obligation.Pseudonymise(Set.of("patientId", "bsn"), "agreement:agr-1"),
                new Obligation.DeleteBy(Instant.parse("2027-03-01T10:00:00Z")),
                new Obligation.CapRecords(100),
                new Obligation.DropFields(Set.of("z", "a")),
                new Obligation.Aggregate(List.of("postcode", "age"), 5)));
        assertEquals("{\"decision\":\"PERMIT\",\"reasons\":[],\"obligations\":["
                + "{\"kind\":\"aggregate\",\"groupBy\":[\"postcode\",\"age\"],\"minGroupSize\":5},"
                + "{\"kind\":\"cap-records\",\"max\":100},"
                + "{\"kind\":\"delete-by\",\"deadline\":\"2027-03-01T10:00:00Z\"},"
                + "{\"kind\":\"drop-fields\",\"fields\":[\"a\",\"z\"]},"
                + "{\"kind\":\"pseudonymise\",\"fields\":[\"bsn\",\"patientId\"],\"keyLabel\":\"agreement:agr-1\"}]}",
                d.toJson().toString());
    }

    @Test
    void deny_listsReasonsInOrder() {
        Decision d = Decision.deny(List.of(new Reason(Reason.PURPOSE_NOT_PERMITTED, "purpose 'x' is not 'y'"),
                new Reason(Reason.REGION_UNKNOWN, "no region")));
        assertEquals("{\"decision\":\"DENY\",\"reasons\":[{\"code\":\"PURPOSE_NOT_PERMITTED\",\"message\":"
                + "\"purpose 'x' is not 'y'\"},{\"code\":\"REGION_UNKNOWN\",\"message\":\"no region\"}],"
                + "\"obligations\":[]}", d.toJson().toString());
    }

    @Test
    void consentFilter_showsTheQuerySorted() {
        ConsentQuery q = new ConsentQuery(ConsentMode.OPT_OUT, "ds-1", Set.of("health"),
                Set.of("scientific-research", "clinical-trial-research"), Set.of("urn:p:b", "hospital"),
                Instant.parse("2026-03-02T10:00:00Z"));
        assertEquals("{\"kind\":\"consent-filter\",\"mode\":\"opt-out\",\"subjectField\":\"patientId\","
                + "\"datasetId\":\"ds-1\",\"categories\":[\"health\"],"
                + "\"purposes\":[\"clinical-trial-research\",\"scientific-research\"],"
                + "\"recipients\":[\"hospital\",\"urn:p:b\"],\"time\":\"2026-03-02T10:00:00Z\"}",
                new Obligation.ConsentFilter(ConsentMode.OPT_OUT, "patientId", q).toJson().toString());
    }

    @Test
    void denyWithoutReason_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Decision.deny(List.of()));
    }

    @Test
    void reasonCodeNotUpperSnake_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Reason("purpose_mismatch", "m"));
        assertThrows(IllegalArgumentException.class, () -> new Reason("A__B", "m"));
    }
}
