package org.sluis.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.sluis.core.identity.CsrBuilder;

/**
 * The operations of the mixed workload, each one request through the load balancer that notes
 * the ledger entries its answer acknowledges. {@link #next()} picks one by weight; the metered
 * agreements' uses are started by the caller, on their own schedule.
 *
 * <p>Weights, of 100: decision 30, pull 20, negotiation 10, consent record 12, consent revocation
 * 10, catalog read 14 (no ledger entry), participant registration 2, dataset publication 2.
 */
final class MixedOperations {
    private static final Set<Integer> DECIDED = Set.of(200, 403);
    private static final String[] PULL_QUERIES = {"", "&limit=50", "&fields=age,value", "&format=csv"};

    private final ExchangeHttp http;
    private final Fixture fixture;
    private final List<Held> agreements = new ArrayList<>();
    private final List<String> revocable = new ArrayList<>();
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();

    /** An agreement in the pool, with the index of its consumer among the fixture's labs. */
    private record Held(String id, int lab) {
    }

    MixedOperations(ExchangeHttp http, Fixture fixture) {
        this.http = http;
        this.fixture = fixture;
        for (int i = 0; i < fixture.cohortAgreements.size(); i++) {
            agreements.add(new Held(fixture.cohortAgreements.get(i), i));
        }
    }

    /** Starts one operation picked by weight; the future completes when its answer has been read and noted. */
    CompletableFuture<Void> next() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 30) {
            return decide();
        } else if (roll < 50) {
            return pull();
        } else if (roll < 60) {
            return negotiate();
        } else if (roll < 72) {
            return recordConsents();
        } else if (roll < 82) {
            return revokeConsent();
        } else if (roll < 96) {
            return http.send("lb", "catalog", "GET", "/v1/catalog?domain=health", fixture.lab(0), null, Set.of(200)).thenAccept(r -> { });
        } else if (roll < 98) {
            return register();
        }
        return publish();
    }

    /** One use of a metered agreement: a decision or a pull, alternately by a coin. */
    CompletableFuture<Void> meter(MeteredAgreement m) {
        m.asked();
        String lab = fixture.lab(0);
        CompletableFuture<Reply> answer = ThreadLocalRandom.current().nextBoolean()
                ? http.send("lb", "metered-decide", "POST", "/v1/decisions", lab,
                        "{\"agreementId\": \"" + m.id + "\", \"purpose\": \"" + Fixture.PURPOSE + "\"}", DECIDED)
                : http.send("lb", "metered-pull", "GET", "/v1/data/" + m.id + "?purpose=" + Fixture.PURPOSE, lab, null, DECIDED);
        return answer.thenAccept(r -> {
            Optional<String> decision = noteDecision(r);
            if (r.status() == 200 && decision.isPresent()) {
                m.permitted(decision.get());
            } else if (r.status() == 403 && r.body() != null) {
                boolean forCount = false;
                for (JsonNode reason : r.json().path("reasons")) {
                    forCount |= reason.path("code").asText().equals("COUNT_NOT_PERMITTED");
                }
                m.denied(forCount);
            }
        });
    }

    private CompletableFuture<Void> decide() {
        Held a = anyAgreement();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String subject = random.nextBoolean() ? ", \"subject\": \"p-" + random.nextInt(Fixture.SUBJECTS) + "\"" : "";
        return http.send("lb", "decide", "POST", "/v1/decisions", fixture.lab(a.lab()),
                "{\"agreementId\": \"" + a.id() + "\", \"purpose\": \"" + Fixture.PURPOSE + "\"" + subject + "}", DECIDED)
                .thenAccept(this::noteDecision);
    }

    private CompletableFuture<Void> pull() {
        Held a = anyAgreement();
        String query = PULL_QUERIES[ThreadLocalRandom.current().nextInt(PULL_QUERIES.length)];
        return http.send("lb", "pull", "GET", "/v1/data/" + a.id() + "?purpose=" + Fixture.PURPOSE + query, fixture.lab(a.lab()), null,
                DECIDED).thenAccept(this::noteDecision);
    }

    /**
     * Notes what a decision or pull answer acknowledges: the decision (permit: its id from the body
     * or the pull's {@code X-Sluis-Decision-Id}; denial: the problem's {@code decisionId}) and, for a
     * pull that arrived whole, its transfer's completion with the SHA-256 of the bytes received.
     *
     * @return the id of a permitting decision
     */
    private Optional<String> noteDecision(Reply r) {
        Journal journal = http.journal();
        boolean pulled = r.call().operation().endsWith("pull");
        if (r.status() == 200) {
            Optional<String> decision = pulled ? r.header("X-Sluis-Decision-Id") : Optional.ofNullable(r.json().path("id").textValue());
            if (decision.isEmpty()) {
                return Optional.empty(); // a decision answer cut off before its body: nothing to note
            }
            if (pulled) {
                journal.acknowledged(Ack.of(r.requestId(), "access.permitted", Map.of("decision", decision.get())));
                if (r.ok()) {
                    journal.acknowledged(Ack.of(r.requestId(), "transfer.completed", Map.of("transfer",
                            r.header("X-Sluis-Transfer-Id").orElse("?"), "state", "completed", "sha256", sha256(r.body()))));
                }
            } else {
                journal.acknowledged(Ack.at(r.requestId(), "access.permitted", r.json().path("ledgerIndex").asLong(-1),
                        Map.of("decision", decision.get())));
            }
            return decision;
        }
        if (r.status() == 403 && r.body() != null) {
            JsonNode problem = r.json();
            journal.acknowledged(Ack.at(r.requestId(), "access.denied", problem.path("ledgerIndex").asLong(-1),
                    Map.of("decision", problem.path("decisionId").asText("?"))));
        }
        return Optional.empty();
    }

    private CompletableFuture<Void> negotiate() {
        int lab = ThreadLocalRandom.current().nextInt(Fixture.LABS);
        return http.send("lb", "negotiate", "POST", "/v1/negotiations", fixture.lab(lab),
                "{\"datasetId\": \"cohort\", \"offerId\": \"standard\", \"purpose\": \"" + Fixture.PURPOSE + "\"}", Set.of(201))
                .thenAccept(r -> {
                    if (!r.ok()) {
                        return;
                    }
                    String agreement = r.json().path("agreementId").asText();
                    http.journal().acknowledged(Ack.of(r.requestId(), "agreement.signed", Map.of("agreementId", agreement)));
                    http.journal().acknowledged(Ack.of(r.requestId(), "negotiation.step",
                            Map.of("negotiation", r.json().path("id").asText(), "state", "FINALIZED")));
                    synchronized (agreements) {
                        agreements.add(new Held(agreement, lab));
                    }
                });
    }

    private CompletableFuture<Void> recordConsents() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder body = new StringBuilder("{\"consents\": [");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ", ").append("{\"subject\": \"p-").append(random.nextInt(Fixture.SUBJECTS))
                    .append("\", \"datasetId\": \"cohort\", \"decision\": \"").append(random.nextInt(10) < 6 ? "deny" : "permit").append('"')
                    .append(random.nextBoolean() ? ", \"purposes\": [\"" + Fixture.PURPOSE + "\"]" : "").append('}');
        }
        return http.send("lb", "consent-record", "POST", "/v1/consents", fixture.hospital, body.append("]}").toString(), Set.of(201))
                .thenAccept(r -> {
                    if (!r.ok()) {
                        return;
                    }
                    for (JsonNode c : r.json().path("consents")) {
                        http.journal().acknowledged(Ack.of(r.requestId(), "consent.changed",
                                Map.of("consentId", c.path("id").asText(), "decision", c.path("decision").asText())));
                        synchronized (revocable) {
                            revocable.add(c.path("id").asText());
                        }
                    }
                });
    }

    private CompletableFuture<Void> revokeConsent() {
        String id;
        synchronized (revocable) {
            if (revocable.isEmpty()) {
                return recordConsents();
            }
            id = revocable.remove(ThreadLocalRandom.current().nextInt(revocable.size()));
        }
        return http.send("lb", "consent-revoke", "POST", "/v1/consents/" + id + "/revoke", fixture.hospital, null, Set.of(200))
                .thenAccept(r -> {
                    if (r.ok()) {
                        http.journal().acknowledged(Ack.of(r.requestId(), "consent.changed", Map.of("consentId", id, "decision", "revoked")));
                    }
                });
    }

    private CompletableFuture<Void> register() {
        String id = "mw-org-" + registered.incrementAndGet();
        KeyPair key = CsrBuilder.generateKey("EC");
        return http.send("lb", "register", "POST", "/v1/participants", fixture.operator, Fixture.registration(id, key, Set.of("CONSUMER")),
                Set.of(201)).thenAccept(r -> {
                    if (r.ok()) {
                        http.journal().acknowledged(Ack.of(r.requestId(), "participant.registered", Map.of("participant", id)));
                    }
                });
    }

    private CompletableFuture<Void> publish() {
        String id = "mw-ds-" + published.incrementAndGet();
        return http.send("lb", "publish", "POST", "/v1/datasets", fixture.hospital, Fixture.cohortLike(id), Set.of(201)).thenAccept(r -> {
            if (r.ok()) {
                http.journal().acknowledged(Ack.of(r.requestId(), "dataset.published", Map.of("datasetId", id)));
            }
        });
    }

    private Held anyAgreement() {
        synchronized (agreements) {
            return agreements.get(ThreadLocalRandom.current().nextInt(agreements.size()));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
