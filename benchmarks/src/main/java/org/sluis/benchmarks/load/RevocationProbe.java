package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How fast a consent change made through one instance is enforced by another, asked of the two
 * instances directly (not through the load balancer). One probe, for probe subject {@code probe-k}
 * of the opt-in dataset {@code probe}:
 *
 * <ol>
 *   <li>through instance {@code from}, record a permit for the subject;</li>
 *   <li>ask instance {@code to} for decisions about the subject until one permits (the permit's propagation);</li>
 *   <li>pull through {@code to}: the subject's record and the anchor subject's must both be there;</li>
 *   <li>through {@code from}, revoke the permit; the clock starts when the revocation's answer arrives;</li>
 *   <li>ask {@code to} for decisions about the subject until one denies for consent; the clock stops when that answer arrives;</li>
 *   <li>pull through {@code to}: the anchor's record must be there, the subject's not.</li>
 * </ol>
 *
 * A step that does not happen within {@value #GIVE_UP_MILLIS} ms fails the probe.
 */
final class RevocationProbe {
    /** How long a probe waits for an instance to show a change before it fails. */
    static final long GIVE_UP_MILLIS = 5_000;
    private static final long POLL_MILLIS = 5;

    private final ExchangeHttp http;
    private final Fixture fixture;

    RevocationProbe(ExchangeHttp http, Fixture fixture) {
        this.http = http;
        this.fixture = fixture;
    }

    /**
     * A probe's outcome. Times are from the moment the change's answer arrived; the decision about
     * the subject that first showed the change was sent at {@code ...SentMillis} and answered at
     * {@code ...AnsweredMillis}. The instance enforced the change between the send of the last
     * request that did not show it and that answer.
     *
     * @param k                     the probe subject's number
     * @param from                  the instance the change was made through
     * @param to                    the instance asked
     * @param permitSentMillis      when the first request that {@code to} permitted after the permit was sent, or -1
     * @param revokeSentMillis      when the first request that {@code to} denied for consent after the revocation was sent, or -1
     * @param revokeAnsweredMillis  when that denial arrived, or -1
     * @param failure               why the probe failed, or null
     */
    record Result(int k, String from, String to, long permitSentMillis, long revokeSentMillis, long revokeAnsweredMillis,
                  String failure) {
        /** Whether it ran through and the revocation was in force for every decision asked {@code budgetMillis} after it. */
        boolean ok(long budgetMillis) {
            return failure == null && revokeSentMillis >= 0 && revokeSentMillis <= budgetMillis;
        }
    }

    /** What polling an instance found: when the request showing the change was sent and answered, or why none did. */
    private record Poll(long sentMillis, long answeredMillis, String failure) {
    }

    /** Runs probe {@code k}, changing through {@code from} and asking {@code to} ({@code a} or {@code b}). Blocking. */
    Result run(int k, String from, String to) throws InterruptedException {
        String subject = "probe-" + k;
        Reply recorded = http.send(from, "probe-record", "POST", "/v1/consents", fixture.hospital,
                "{\"consents\": [{\"subject\": \"" + subject + "\", \"datasetId\": \"probe\", \"decision\": \"permit\"}]}", Set.of(201)).join();
        if (!recorded.ok()) {
            return new Result(k, from, to, -1, -1, -1, "recording the permit through " + from + " failed: " + outcome(recorded));
        }
        String consent = recorded.json().path("consents").path(0).path("id").asText();
        http.journal().acknowledged(Ack.of(recorded.requestId(), "consent.changed", Map.of("consentId", consent, "decision", "permit")));
        Poll permitted = waitFor(to, subject, 200, recorded.call().endNanos());
        if (permitted.failure() != null) {
            return new Result(k, from, to, -1, -1, -1, "after the permit: " + permitted.failure());
        }
        String before = pull(to);
        if (before == null || !Fixture.holdsRef(before, subject) || !Fixture.holdsRef(before, Fixture.ANCHOR)) {
            return new Result(k, from, to, permitted.sentMillis(), -1, -1, "a pull through " + to + " before the revocation lacked "
                    + subject + " or the anchor");
        }
        Reply revoked = http.send(from, "probe-revoke", "POST", "/v1/consents/" + consent + "/revoke", fixture.hospital, null,
                Set.of(200)).join();
        if (!revoked.ok()) {
            return new Result(k, from, to, permitted.sentMillis(), -1, -1, "revoking through " + from + " failed: " + outcome(revoked));
        }
        http.journal().acknowledged(Ack.of(revoked.requestId(), "consent.changed", Map.of("consentId", consent, "decision", "revoked")));
        Poll denied = waitFor(to, subject, 403, revoked.call().endNanos());
        if (denied.failure() != null) {
            return new Result(k, from, to, permitted.sentMillis(), -1, -1, "after the revocation: " + denied.failure());
        }
        String after = pull(to);
        if (after == null || Fixture.holdsRef(after, subject) || !Fixture.holdsRef(after, Fixture.ANCHOR)) {
            return new Result(k, from, to, permitted.sentMillis(), denied.sentMillis(), denied.answeredMillis(), "a pull through " + to
                    + " after the revocation still held " + subject + " or lacked the anchor");
        }
        return new Result(k, from, to, permitted.sentMillis(), denied.sentMillis(), denied.answeredMillis(), null);
    }

    /** Asks {@code to} for decisions about {@code subject} until one answers {@code status} (a denial: for consent). */
    private Poll waitFor(String to, String subject, int status, long sinceNanos) throws InterruptedException {
        long deadline = sinceNanos + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        String last = "no request was answered";
        while (System.nanoTime() < deadline) {
            Reply r = http.send(to, "probe-decide", "POST", "/v1/decisions", fixture.lab(0), "{\"agreementId\": \"" + fixture.probeAgreement
                    + "\", \"purpose\": \"" + Fixture.PURPOSE + "\", \"subject\": \"" + subject + "\"}", Set.of(200, 403)).join();
            if (r.ok()) {
                noteDecision(r);
                if (r.status() == status && (status != 403 || deniedForConsent(r))) {
                    return new Poll(TimeUnit.NANOSECONDS.toMillis(r.call().startNanos() - sinceNanos),
                            TimeUnit.NANOSECONDS.toMillis(r.call().endNanos() - sinceNanos), null);
                }
                last = "the last answer was " + r.status() + (r.status() == 200 ? " (permit)" : " " + r.text());
            } else {
                last = "the last request failed: " + outcome(r);
            }
            Thread.sleep(POLL_MILLIS);
        }
        return new Poll(-1, -1, to + " did not answer " + status + " about " + subject + " within " + GIVE_UP_MILLIS + " ms; " + last);
    }

    private static boolean deniedForConsent(Reply r) {
        for (JsonNode reason : r.json().path("reasons")) {
            if (reason.path("code").asText().equals("CONSENT")) {
                return true;
            }
        }
        return false;
    }

    private void noteDecision(Reply r) {
        boolean permit = r.status() == 200;
        http.journal().acknowledged(Ack.at(r.requestId(), permit ? "access.permitted" : "access.denied", r.json().path("ledgerIndex").asLong(-1),
                Map.of("decision", r.json().path(permit ? "id" : "decisionId").asText("?"))));
    }

    /** The body of a pull under the probe agreement through {@code to}, or null if it did not arrive whole. */
    private String pull(String to) {
        Reply r = http.send(to, "probe-pull", "GET", "/v1/data/" + fixture.probeAgreement + "?purpose=" + Fixture.PURPOSE, fixture.lab(0),
                null, Set.of(200)).join();
        if (!r.ok()) {
            return null;
        }
        r.header("X-Sluis-Decision-Id").ifPresent(d -> http.journal().acknowledged(Ack.of(r.requestId(), "access.permitted",
                Map.of("decision", d))));
        http.journal().acknowledged(Ack.of(r.requestId(), "transfer.completed",
                Map.of("transfer", r.header("X-Sluis-Transfer-Id").orElse("?"), "state", "completed")));
        return r.text();
    }

    private static String outcome(Reply r) {
        return r.call().failure() != null ? r.call().failure() : "status " + r.status() + " " + r.text();
    }
}
