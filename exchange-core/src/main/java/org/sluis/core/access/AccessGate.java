package org.sluis.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.contracts.odrl.OdrlCodec;
import org.sluis.contracts.odrl.Policy;
import org.sluis.contracts.odrl.PolicyRead;
import org.sluis.core.Refusal;
import org.sluis.core.catalog.Catalog;
import org.sluis.core.catalog.Dataset;
import org.sluis.core.catalog.Iris;
import org.sluis.core.consent.ConsentCache;
import org.sluis.core.consent.SubjectKey;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.Participant;
import org.sluis.core.identity.ParticipantRegistry;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.negotiation.Agreement;
import org.sluis.core.negotiation.Agreements;
import org.sluis.policy.AccessRequest;
import org.sluis.policy.AgreementContext;
import org.sluis.policy.CompiledAgreement;
import org.sluis.policy.DatasetContext;
import org.sluis.policy.Decision;
import org.sluis.policy.DecisionPoint;
import org.sluis.policy.Reason;
import org.sluis.policy.consent.ConsentMode;
import org.sluis.policy.opa.OpaClient;
import org.sluis.policy.opa.OpaDecision;
import org.sluis.policy.opa.OpaInput;

/**
 * Decides one access under an agreement, the way every data request and every explicit decision
 * request goes through the exchange. Blocking: call from the database worker pool.
 *
 * <p>The order is fixed: the exchange's own decision ({@link DecisionPoint}) with the uses so far;
 * if it permits and OPA is configured, OPA's answer, combined deny-overrides (an unreachable OPA
 * denies); if the result permits, one more use; then the decision's ledger entry, durable before
 * the transaction commits and before the caller hears the answer. An agreement with a
 * {@code count} constraint has its usage row locked throughout, so its uses are exact across
 * instances; others take no lock. A decision that cannot be logged is not given (503), and with it
 * the use it would have counted is rolled back.
 *
 * <p>The consent consulted is that of the dataset's provider, the custodian of its data subjects
 * (a custodian records consent only for its own datasets).
 *
 * <p>Compiled agreements are kept per agreement and dataset version (agreements never change;
 * a dataset's consent mode or fields may). The agreement's status is read on every decision, so
 * a termination or revocation committed on any instance denies the next request.
 *
 * <p>Every decision logged is counted in {@code sluis_access_decisions_total{outcome="permit"|"deny"}},
 * so the counts match this instance's {@code access.permitted} and {@code access.denied} entries.
 */
public final class AccessGate {
    private static final OdrlCodec CODEC = new OdrlCodec();
    private static final List<String> CONFIDENTIALITY = List.of("public", "quasi-identifier", "sensitive", "identifier");

    private final DSLContext dsl;
    private final Ledger ledger;
    private final Agreements agreements;
    private final Catalog catalog;
    private final ParticipantRegistry participants;
    private final ConsentCache consents;
    private final SubjectKey subjects;
    private final DecisionPoint point;
    private final Optional<OpaClient> opa;
    private final Clock clock;
    private final Counter permits;
    private final Counter denials;
    private final Map<String, CompiledAgreement> compiled = new ConcurrentHashMap<>();

    /**
     * A gate over the exchange's stores; {@code opa} is asked after every permit when present, and
     * the decisions are counted in {@code metrics}.
     */
    public AccessGate(DSLContext dsl, Ledger ledger, Agreements agreements, Catalog catalog, ParticipantRegistry participants,
                      ConsentCache consents, SubjectKey subjects, DecisionPoint point, Optional<OpaClient> opa, Clock clock,
                      MeterRegistry metrics) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.agreements = agreements;
        this.catalog = catalog;
        this.participants = participants;
        this.consents = consents;
        this.subjects = subjects;
        this.point = point;
        this.opa = opa;
        this.clock = clock;
        this.permits = decisions(metrics, "permit");
        this.denials = decisions(metrics, "deny");
    }

    private static Counter decisions(MeterRegistry metrics, String outcome) {
        return Counter.builder("sluis.access.decisions")
                .description("Access decisions logged, by outcome")
                .tag("outcome", outcome)
                .register(metrics);
    }

    /**
     * What a consumer asks to do under an agreement.
     *
     * @param agreementId the agreement
     * @param purpose     the purpose of this use
     * @param action      the ODRL action, e.g. {@code use}
     * @param subject     one data subject's pseudonymous id when the use is about one subject only
     */
    public record Ask(String agreementId, String purpose, String action, Optional<String> subject) {
    }

    /**
     * A decision as it was logged.
     *
     * @param id            the decision id (also in its ledger entry)
     * @param agreement     the agreement decided under
     * @param decision      permit or deny, with reasons and obligations
     * @param dataset       the agreement's dataset as read for the decision, unless it is gone
     * @param opaDecisionId OPA's decision id, when OPA was asked and said one
     * @param ledgerIndex   the index of its ledger entry
     */
    public record Decided(String id, Agreement agreement, Optional<Dataset> dataset, Decision decision, Optional<String> opaDecisionId,
                          long ledgerIndex) {
    }

    /**
     * Decides and logs. A denial is returned, not thrown: it is an answer, and it is logged too.
     *
     * @throws Refusal NOT_FOUND when the agreement does not exist or the caller is not its consumer
     *                 (that attempt is logged as a denial naming only the caller)
     */
    public Decided decide(Caller caller, Ask ask, String requestId) {
        return decide(caller, ask, requestId, dataset -> { });
    }

    /**
     * Decides and logs, after {@code check} has seen the dataset: a service that can refuse a request
     * for what the dataset cannot give (a field it lacks) does so there, before anything is decided
     * or logged, without reading the dataset a second time.
     *
     * @throws Refusal NOT_FOUND as {@link #decide(Caller, Ask, String)}, or whatever {@code check} throws
     */
    public Decided decide(Caller caller, Ask ask, String requestId, Consumer<Dataset> check) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<Agreement> found = agreements.byId(ask.agreementId()).filter(a -> a.consumer().equals(caller.participantId()));
        if (found.isEmpty()) {
            Reason reason = new Reason("AGREEMENT_NOT_FOUND", "There is no agreement '" + ask.agreementId() + "' with "
                    + caller.participantId() + " as consumer.");
            ledger.appendDurably(List.of(new LedgerEvent.AccessDecided(UUID.randomUUID().toString(), null, null, null,
                    caller.participantId(), ask.purpose(), ask.action(), false, List.of(reason), List.of(), null)),
                    caller.participantId(), requestId);
            denials.increment();
            throw Refusal.notFound(reason.message());
        }
        Agreement agreement = found.get();
        Participant me = participants.find(caller.participantId())
                .orElseThrow(() -> new IllegalStateException("authenticated participant " + caller.participantId() + " is not registered"));
        Optional<Dataset> dataset = catalog.find(agreement.datasetId());
        dataset.ifPresent(check);
        Optional<Reason> standing = standing(agreement, dataset, now);
        if (standing.isPresent()) {
            return log(caller, ask, agreement, dataset, Decision.deny(List.of(standing.get())), Optional.empty(), requestId);
        }
        CompiledAgreement rules = compiled(agreement, dataset.get());
        Optional<String> subjectHash = ask.subject().map(s -> subjects.hash(agreement.provider(), s).value());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Evaluated evaluated = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            AgreementUsage.Uses uses = rules.countsUses() ? AgreementUsage.lock(tx, agreement.id(), today) : AgreementUsage.Uses.NONE;
            AccessRequest request = new AccessRequest(Iris.participant(me.id()), me.categories(), ask.action(), ask.purpose(), now,
                    Optional.of(me.region()), uses.total(), uses.today(), subjectHash);
            Decision decision = point.decide(rules, request, consents.view(agreement.provider(), tx));
            Optional<String> opaId = Optional.empty();
            if (decision.permitted() && opa.isPresent()) {
                OpaDecision answer = opa.get().ask(opaInput(caller, me, ask, agreement, dataset.get(), now)).join();
                opaId = answer.decisionId();
                decision = combine(decision, answer);
            }
            boolean counted = decision.permitted() && rules.countsUses();
            if (counted) {
                AgreementUsage.use(tx, agreement.id(), today, uses);
            }
            return new Evaluated(decision, opaId, counted);
        });
        // Counted (and committed) before the permit is logged: see AgreementUsage for why.
        try {
            return log(caller, ask, agreement, dataset, evaluated.decision(), evaluated.opaId(), requestId);
        } catch (RuntimeException e) {
            if (evaluated.counted()) {
                try {
                    AgreementUsage.release(dsl, agreement.id(), today);
                } catch (RuntimeException releasing) {
                    e.addSuppressed(releasing);
                }
            }
            throw e;
        }
    }

    /** A decision before it is logged, and whether it counted a use. */
    private record Evaluated(Decision decision, Optional<String> opaId, boolean counted) {
    }

    /** Why the agreement or its dataset rules out any use now, if it does. */
    private static Optional<Reason> standing(Agreement agreement, Optional<Dataset> dataset, Instant now) {
        String status = agreement.statusAt(now);
        if (!status.equals(Agreement.ACTIVE)) {
            String how = switch (status) {
                case Agreement.EXPIRED -> "expired at " + agreement.validUntil().map(Instant::toString).orElse("its end");
                default -> "was " + status + " by " + agreement.endedBy().orElse("?") + " at "
                        + agreement.endedAt().map(Instant::toString).orElse("?") + agreement.endReason().map(r -> ": " + r).orElse("");
            };
            return Optional.of(new Reason("AGREEMENT_" + status.toUpperCase(Locale.ROOT),
                    "Agreement " + agreement.id() + " " + how + "; no use is allowed under it any more."));
        }
        if (dataset.isEmpty() || !dataset.get().status().equals(Dataset.PUBLISHED)) {
            return Optional.of(new Reason("DATASET_WITHDRAWN", "Dataset " + agreement.datasetId()
                    + " has been withdrawn by its provider; nothing of it can be used any more."));
        }
        return Optional.empty();
    }

    private CompiledAgreement compiled(Agreement agreement, Dataset dataset) {
        return compiled.computeIfAbsent(agreement.id() + "@" + dataset.version(), key -> {
            if (!(CODEC.read(agreement.canonical()) instanceof PolicyRead.Valid valid)) {
                throw new IllegalStateException("stored agreement " + agreement.id() + " no longer reads as ODRL");
            }
            Policy policy = valid.policy();
            return point.compile(new AgreementContext(agreement.id(), policy, agreement.signedAt(), context(dataset)));
        });
    }

    private static DatasetContext context(Dataset dataset) {
        JsonNode doc = dataset.document();
        Set<String> fields = new TreeSet<>();
        doc.path("fields").forEach(f -> fields.add(f.path("name").asText()));
        ConsentMode mode = ConsentMode.fromWire(doc.path("consent").path("mode").asText("none")).orElse(ConsentMode.NONE);
        Optional<String> subjectField = Optional.ofNullable(doc.path("consent").path("subjectField").textValue());
        // A FHIR source's resource type is a data category too, the one a FHIR Consent's provision.class names.
        Set<String> categories = new TreeSet<>(Set.of(doc.path("domain").asText()));
        if (dataset.source().path("type").asText().equals("fhir") && dataset.source().path("resourceType").isTextual()) {
            categories.add("fhir:" + dataset.source().path("resourceType").asText());
        }
        return new DatasetContext(dataset.id(), doc.path("domain").asText(), mode, subjectField, fields, categories);
    }

    private static Decision combine(Decision own, OpaDecision answer) {
        if (answer.allow()) {
            return own;
        }
        List<Reason> reasons = new ArrayList<>();
        if (answer.failure().isPresent()) {
            reasons.add(new Reason("OPA_UNREACHABLE", "The site policy (Open Policy Agent) could not be asked: "
                    + answer.failure().get() + "; the exchange fails closed."));
        } else if (answer.reasons().isEmpty()) {
            reasons.add(new Reason("OPA_DENIED", "The site policy (Open Policy Agent) denied this use without giving a reason."));
        } else {
            answer.reasons().forEach(r -> reasons.add(new Reason("OPA_DENIED", "The site policy (Open Policy Agent) denied this use: " + r)));
        }
        return Decision.deny(reasons);
    }

    private OpaInput opaInput(Caller caller, Participant me, Ask ask, Agreement agreement, Dataset dataset, Instant now) {
        JsonNode doc = dataset.document();
        int highest = 0;
        for (JsonNode f : doc.path("fields")) {
            highest = Math.max(highest, CONFIDENTIALITY.indexOf(f.path("sensitivity").asText()));
        }
        String template = dataset.offer(agreement.offerId()).map(o -> o.json().path("template").asText("")).orElse("");
        return new OpaInput(Iris.participant(me.id()), new TreeSet<>(caller.roles().stream().map(Enum::name).toList()),
                Optional.of(me.region()), me.status().name().toLowerCase(Locale.ROOT), dataset.id(), doc.path("domain").asText(),
                CONFIDENTIALITY.get(highest), Iris.participant(agreement.provider()),
                new OpaInput.AgreementSummary(agreement.id(), agreement.offerId(), template, Iris.participant(agreement.provider()),
                        Iris.participant(agreement.consumer()), agreement.signedAt()),
                ask.purpose(), ask.action(), now);
    }

    /** The obligations in the decision's own stable order, so the ledger and the API show the same list. */
    private static List<JsonNode> obligations(Decision decision) {
        List<JsonNode> out = new ArrayList<>();
        decision.toJson().get("obligations").forEach(out::add);
        return out;
    }

    private Decided log(Caller caller, Ask ask, Agreement agreement, Optional<Dataset> dataset, Decision decision, Optional<String> opaId,
                        String requestId) {
        String id = UUID.randomUUID().toString();
        LedgerEvent.AccessDecided event = new LedgerEvent.AccessDecided(id, agreement.id(), agreement.datasetId(), agreement.provider(),
                agreement.consumer(), ask.purpose(), ask.action(), decision.permitted(), decision.reasons(),
                obligations(decision), opaId.orElse(null));
        long index = ledger.appendDurably(List.of(event), caller.participantId(), requestId).get(0).index();
        (decision.permitted() ? permits : denials).increment();
        return new Decided(id, agreement, dataset, decision, opaId, index);
    }
}
