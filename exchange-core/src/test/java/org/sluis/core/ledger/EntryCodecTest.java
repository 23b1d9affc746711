package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.sluis.contracts.canonical.CanonicalJson;
import org.sluis.policy.Reason;

class EntryCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-23T10:15:30.123456789Z");

    private static JsonNode entry(LedgerEvent e) throws Exception {
        byte[] bytes = EntryCodec.leafBytes(4, new byte[32], new EntryCodec.Pending(e, "hospital", "req-9", T));
        assertArrayEquals(CanonicalJson.canonicalize(bytes), bytes, "leaf bytes are canonical");
        return JSON.readTree(bytes);
    }

    @Test
    void anEntry_carriesItsReferencesAndExactlyTheEventsComponentsAsBody() throws Exception {
        JsonNode e = entry(new LedgerEvent.AgreementSigned("agr-1", "ds-1", "hospital", "lab", "ff"));
        assertEquals(4, e.get("index").asLong());
        assertEquals("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", e.get("prev").asText());
        assertEquals("agreement.signed", e.get("kind").asText());
        assertEquals("2026-11-23T10:15:30.123456Z", e.get("time").asText(), "UTC, microseconds as PostgreSQL keeps");
        assertEquals("hospital", e.get("actor").asText());
        assertEquals("req-9", e.get("requestId").asText());
        assertEquals("[\"hospital\",\"lab\"]", e.get("participants").toString());
        assertEquals("ds-1", e.get("dataset").asText());
        assertEquals("agr-1", e.get("agreement").asText());
        List<String> body = new ArrayList<>();
        e.get("body").fieldNames().forEachRemaining(body::add);
        assertEquals(List.of("agreementId", "agreementSha256", "consumer", "datasetId", "provider"), body);
    }

    @Test
    void aConsentEntry_namesTheSubjectOnlyByItsKeyedHash() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        SubjectHash subject = SubjectHash.of(key, "patient-7781");
        JsonNode e = entry(new LedgerEvent.ConsentChanged("c-1", "hospital", subject, "ds-1", null, List.of("research"), List.of(), "deny"));
        assertFalse(e.toString().contains("patient-7781"), e.toString());
        assertEquals(subject.value(), e.get("body").get("subject").asText());
        assertEquals(43, subject.value().length());
        assertFalse(SubjectHash.of("another-key-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII), "patient-7781")
                .equals(subject), "another key gives another hash: copies cannot be linked");
    }

    @Test
    void aHasherReusedAcrossThreads_givesTheSameHashesAsOneOffHashing() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        SubjectHash.Hasher hasher = new SubjectHash.Hasher(key);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                same.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String subject = "patient-" + thread + "-" + i;
                        if (!hasher.hash(subject).equals(SubjectHash.of(key, subject))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : same) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThrows(IllegalArgumentException.class, () -> new SubjectHash.Hasher(new byte[16]));
    }

    @Test
    void aSubjectHash_cannotBeMadeFromARawIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectHash("patient-7781"));
        assertThrows(IllegalArgumentException.class, () -> SubjectHash.of(new byte[8], "patient-7781"));
    }

    @Test
    void aDenialBeforeTheProviderIsKnown_concernsOnlyTheConsumer() throws Exception {
        JsonNode e = entry(new LedgerEvent.AccessDecided("d-1", null, null, null, "lab", "marketing", "use", false,
                List.of(new Reason("AGREEMENT_NOT_FOUND", "There is no agreement 'x' with lab as consumer.")), List.of(), null));
        assertEquals("access.denied", e.get("kind").asText());
        assertEquals("[\"lab\"]", e.get("participants").toString());
        assertTrue(e.get("dataset") == null && e.get("agreement") == null);
    }

    @Test
    void theExportLine_isTheItemShapeAroundTheExactBytes() {
        byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"index\":12,\"entry\":{\"a\":1}}\n", new String(EntryCodec.exportLine(12, bytes), StandardCharsets.UTF_8));
    }
}
