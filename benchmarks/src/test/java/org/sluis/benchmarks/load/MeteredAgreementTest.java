package org.sluis.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeteredAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The ledger's permits for decisions {@code d-0} … under requests {@code r-0} …. */
    static List<JsonNode> permits(int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(JSON.readTree("{\"index\": " + i + ", \"requestId\": \"r-" + i + "\", \"body\": {\"decision\": \"d-" + i + "\"}}"));
        }
        return out;
    }

    /** An agreement of {@code limit} uses whose driver saw permits {@code d-0} … {@code d-(seen-1)} and {@code countDenials} denials. */
    static MeteredAgreement seen(int limit, int seen, int countDenials) {
        MeteredAgreement m = new MeteredAgreement("metered", "ag-1", limit);
        for (int i = 0; i < seen; i++) {
            m.asked();
            m.permitted("d-" + i);
        }
        for (int i = 0; i < countDenials; i++) {
            m.asked();
            m.denied(true);
        }
        return m;
    }

    @Test
    void exactlyTheLimit_allSeen_andDeniedAfter_passes() throws Exception {
        assertTrue(seen(3, 3, 2).check(permits(3), id -> false).ok());
    }

    @Test
    void morePermitsInTheLedgerThanTheLimit_fails() throws Exception {
        MeteredAgreement.Verdict v = seen(3, 4, 0).check(permits(4), id -> false);
        assertFalse(v.ok());
        assertTrue(v.line().contains("more than the 3 allowed"), v.line());
    }

    @Test
    void aCountDenialBeforeTheLimitWasReached_fails() throws Exception {
        assertFalse(seen(3, 2, 1).check(permits(2), id -> false).ok());
    }

    @Test
    void moreAnswersThanTheLimit_withoutACountDenial_fails() throws Exception {
        MeteredAgreement m = seen(3, 3, 0);
        m.asked();
        m.denied(false);
        assertFalse(m.check(permits(3), id -> false).ok());
    }

    @Test
    void aPermitTheDriverNeverSaw_passesOnlyIfItsRequestWasInFlightAtTheKill() throws Exception {
        assertTrue(seen(3, 2, 1).check(permits(3), Set.of("r-2")::contains).ok());
        assertFalse(seen(3, 2, 1).check(permits(3), id -> false).ok());
    }
}
