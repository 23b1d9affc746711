package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An agreement whose offer allows {@code limit} uses ({@code count lteq limit}), with what the driver
 * saw of its uses, and the check of its ledger entries: never more permits than the limit, exactly
 * the limit once the driver was denied for the count, and every permit the driver did not see
 * belonging to a request that was in flight when an instance was killed.
 */
final class MeteredAgreement {
    final String dataset;
    final String id;
    final int limit;
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger countDenials = new AtomicInteger();
    private final AtomicInteger otherDenials = new AtomicInteger();
    private final Set<String> permits = ConcurrentHashMap.newKeySet();

    MeteredAgreement(String dataset, String id, int limit) {
        this.dataset = dataset;
        this.id = id;
        this.limit = limit;
    }

    void asked() {
        asked.incrementAndGet();
    }

    /** The driver received a permit with decision id {@code decision}. */
    void permitted(String decision) {
        permits.add(decision);
    }

    /** The driver received a denial; {@code forCount} when a reason was the count. */
    void denied(boolean forCount) {
        (forCount ? countDenials : otherDenials).incrementAndGet();
    }

    /**
     * Checks the ledger's permits for this agreement.
     *
     * @param ledgerPermits its {@code access.permitted} entries
     * @param inFlightAtKill whether a request id belongs to a request that was open when the instance was killed
     */
    Verdict check(List<JsonNode> ledgerPermits, Predicate<String> inFlightAtKill) {
        List<String> problems = new ArrayList<>();
        int inLedger = ledgerPermits.size();
        List<JsonNode> unseen = ledgerPermits.stream().filter(e -> !permits.contains(e.path("body").path("decision").asText())).toList();
        if (inLedger > limit) {
            problems.add("the ledger holds " + inLedger + " permits, more than the " + limit + " allowed");
        }
        int answered = permits.size() + countDenials.get() + otherDenials.get();
        if (answered > limit && countDenials.get() == 0) {
            problems.add(answered + " uses were answered but none was denied for the count");
        }
        if (countDenials.get() > 0 && inLedger != limit) {
            problems.add("uses were denied for the count with only " + inLedger + " of " + limit + " permits in the ledger");
        }
        if (otherDenials.get() > 0) {
            problems.add(otherDenials.get() + " denials for another reason than the count");
        }
        for (JsonNode e : unseen) {
            String requestId = e.path("requestId").asText();
            if (!inFlightAtKill.test(requestId)) {
                problems.add("permit " + e.path("body").path("decision").asText() + " at index " + e.path("index").asText()
                        + " never reached the driver, though its request " + requestId + " was not in flight at the kill");
            }
        }
        String line = String.format("%s (count lteq %d): %d asked, %d permits and %d count denials answered; ledger: %d permits,"
                + " %d of them never answered (in flight at the kill)", dataset, limit, asked.get(), permits.size(), countDenials.get(),
                inLedger, unseen.size());
        return new Verdict(problems.isEmpty(), problems.isEmpty() ? line : line + "; " + String.join("; ", problems));
    }

    /**
     * A check's outcome.
     *
     * @param ok   whether it passed
     * @param line one line for the summary
     */
    record Verdict(boolean ok, String line) {
    }
}
