package org.sluis.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LedgerAuditTest {
    /** An export line as {@code GET /v1/ledger/export} writes it, for a decision entry of {@code request}. */
    static String line(long index, long namedIndex, String kind, String request, String decision) {
        return "{\"index\":" + index + ",\"entry\":{\"agreement\":\"ag-1\",\"body\":{\"decision\":\"" + decision + "\"},\"index\":" + namedIndex
                + ",\"kind\":\"" + kind + "\",\"requestId\":\"" + request + "\"}}";
    }

    static List<String> export(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(line(i, i, "access.permitted", "r-" + i, "d-" + i));
        }
        return lines;
    }

    @Nested
    class Sequence {
        @Test
        void indexesZeroToNMinusOne_inOrder_haveNoProblem() {
            LedgerAudit audit = LedgerAudit.of(export(5));
            assertEquals(List.of(), audit.sequenceProblems());
            assertEquals(5, audit.size());
        }

        @Test
        void aMissingIndex_isAGap() {
            List<String> lines = export(5);
            lines.remove(2);
            List<String> problems = LedgerAudit.of(lines).sequenceProblems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("index 3 where 2 was expected")), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("missing, first [2]")), problems.toString());
        }

        @Test
        void anIndexTwice_isADuplicate() {
            List<String> lines = export(4);
            lines.add(2, line(1, 1, "access.permitted", "r-x", "d-x"));
            List<String> problems = LedgerAudit.of(lines).sequenceProblems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("appear more than once, first [1]")), problems.toString());
        }

        @Test
        void anEntryNamingAnotherIndex_isAProblem() {
            List<String> lines = export(3);
            lines.set(1, line(1, 7, "access.permitted", "r-1", "d-1"));
            assertEquals(List.of("the entry at index 1 names index 7"), LedgerAudit.of(lines).sequenceProblems());
        }
    }

    @Nested
    class Acknowledgements {
        final LedgerAudit audit = LedgerAudit.of(export(3));

        @Test
        void anAckMatchingKindRequestAndBody_isFound_withOrWithoutItsIndex() {
            assertEquals(List.of(), audit.missing(List.of(
                    Ack.of("r-1", "access.permitted", Map.of("decision", "d-1")),
                    Ack.at("r-2", "access.permitted", 2, Map.of("decision", "d-2")))));
        }

        @Test
        void anAckWhoseRequestLeftNoEntry_isMissing() {
            Ack lost = Ack.of("r-9", "access.permitted", Map.of("decision", "d-9"));
            assertEquals(List.of(lost), audit.missing(List.of(lost)));
        }

        @Test
        void anAckWithAnotherKindOrBody_isMissing() {
            Ack kind = Ack.of("r-1", "access.denied", Map.of("decision", "d-1"));
            Ack body = Ack.of("r-1", "access.permitted", Map.of("decision", "d-2"));
            assertEquals(List.of(kind, body), audit.missing(List.of(kind, body)));
        }

        @Test
        void anAckReportingAnIndexHoldingAnotherEntry_isMissing() {
            Ack elsewhere = Ack.at("r-1", "access.permitted", 2, Map.of("decision", "d-1"));
            assertEquals(List.of(elsewhere), audit.missing(List.of(elsewhere)));
        }
    }
}
