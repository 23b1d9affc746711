package org.sluis.core.transfer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.sluis.connectors.ByteSource;
import org.sluis.connectors.RecordCursor;
import org.sluis.connectors.RecordSource;
import org.sluis.connectors.SourceRead;
import org.sluis.connectors.format.DigestingOutputStream;
import org.sluis.connectors.format.RecordCounter;
import org.sluis.connectors.format.RecordFormat;
import org.sluis.connectors.format.RecordWriter;
import org.sluis.connectors.pipeline.ObligationPipeline;
import org.sluis.core.Refusal;
import org.sluis.core.access.AccessGate;
import org.sluis.core.catalog.Dataset;
import org.sluis.core.catalog.DatasetReader;
import org.sluis.core.consent.ConsentCache;
import org.sluis.core.consent.SubjectKey;
import org.sluis.core.identity.Caller;
import org.sluis.core.identity.Role;
import org.sluis.core.ledger.Ledger;
import org.sluis.core.ledger.LedgerEvent;
import org.sluis.core.negotiation.Agreement;
import org.sluis.core.negotiation.Agreements;
import org.sluis.policy.Obligation;
import org.sluis.policy.consent.KeyedHash;

/**
 * Runs transfers: decides (through the {@link AccessGate}, whose entry is durable before anything
 * is read), reads the provider's source through the obligation pipeline, writes the records in
 * the requested format, and logs the completion with the count, the bytes and the SHA-256 of
 * exactly what was delivered. Blocking: {@link #startPull} on the database pool, {@link Job#stream}
 * on a transfer thread.
 *
 * <p>While it streams, a transfer re-reads its agreement every {@value #RECHECK_MILLIS} ms: an
 * agreement terminated, revoked or expired on any instance stops it within a second, and a revoked
 * consent filters the next record (the pipeline asks the consent cache for every record).
 *
 * <p>Each transfer that ends is counted with its bytes ({@link TransferMeters}).
 */
public final class Transfers {
    /** How often a running transfer re-reads its agreement. */
    static final long RECHECK_MILLIS = 250;

    private final DSLContext dsl;
    private final Ledger ledger;
    private final AccessGate gate;
    private final Agreements agreements;
    private final ConsentCache consents;
    private final SubjectKey subjects;
    private final KeyedHash pseudonymKey;
    private final SourceFactory sources;
    private final Clock clock;
    private final TransferMeters meters;

    /**
     * Transfers over these services, hashing subjects under {@code subjects}, pseudonymising under
     * {@code pseudonymKey}, and counting ended transfers in {@code metrics}.
     */
    public Transfers(DSLContext dsl, Ledger ledger, AccessGate gate, Agreements agreements, ConsentCache consents,
                     SubjectKey subjects, KeyedHash pseudonymKey, SourceFactory sources, Clock clock, MeterRegistry metrics) {
        this.dsl = dsl;
        this.ledger = ledger;
        this.gate = gate;
        this.agreements = agreements;
        this.consents = consents;
        this.subjects = subjects;
        this.pseudonymKey = pseudonymKey;
        this.sources = sources;
        this.clock = clock;
        this.meters = new TransferMeters(metrics);
    }

    /**
     * What a consumer asks to receive.
     *
     * @param agreementId the agreement
     * @param purpose     the purpose of this use
     * @param format      how the records are written
     * @param fields      the fields wanted, in order; empty: all
     * @param limit       the most records wanted
     * @param since       a resume point in the source's order
     */
    public record Ask(String agreementId, String purpose, RecordFormat format, List<String> fields, Optional<Long> limit,
                      Optional<String> since) {
        /** Copies the fields. */
        public Ask {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The decision on a pull and, when it permits, the transfer ready to stream.
     *
     * @param decided the logged decision
     * @param job     present exactly when the decision permits
     */
    public record Started(AccessGate.Decided decided, Optional<Job> job) {
    }

    /**
     * Where a push delivers.
     *
     * @param url     the consumer's endpoint (checked against the SSRF guard by the caller)
     * @param headers headers to send with it, e.g. its API key; secret, never returned
     */
    public record Sink(URI url, Map<String, String> headers) {
        /** Copies the headers, keeping their order. */
        public Sink {
            Objects.requireNonNull(url, "url");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    /**
     * Decides a pull and, on permit, records the running transfer.
     *
     * @throws Refusal INVALID (parameter {@code fields} or {@code since}) for what the dataset cannot give, before
     *                 anything is decided; NOT_FOUND from the gate
     */
    public Started startPull(Caller caller, Ask ask, String requestId) {
        return start(caller, ask, Optional.empty(), requestId);
    }

    /**
     * Decides a push and, on permit, records it as pending; its job prepares and delivers it in the background.
     *
     * @throws Refusal as {@link #startPull}
     */
    public Started startPush(Caller caller, Ask ask, Sink sink, String requestId) {
        return start(caller, ask, Optional.of(sink), requestId);
    }

    private Started start(Caller caller, Ask ask, Optional<Sink> sink, String requestId) {
        AccessGate.Decided decided = gate.decide(caller, new AccessGate.Ask(ask.agreementId(), ask.purpose(), "use", Optional.empty()),
                requestId, d -> checkAsk(d, ask));
        if (!decided.decision().permitted()) {
            return new Started(decided, Optional.empty());
        }
        Agreement a = decided.agreement();
        Dataset dataset = decided.dataset().orElseThrow(() -> new IllegalStateException("dataset " + a.datasetId()
                + " of a permitted decision is gone"));
        Instant now = clock.instant();
        Transfer t = new Transfer(UUID.randomUUID().toString(), sink.isPresent() ? Transfer.PUSH : Transfer.PULL, a.id(), a.datasetId(),
                a.provider(), a.consumer(), ask.purpose(), ask.format().wire(), ask.fields(), ask.limit(), ask.since(), decided.id(),
                decided.ledgerIndex(), sink.isPresent() ? Transfer.PENDING : Transfer.RUNNING, 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), sink.map(k -> k.url().toString()), 0, Optional.empty(), now, now);
        TransferStore.insert(dsl, t, sink.map(k -> headersJson(k.headers())));
        return new Started(decided, Optional.of(new Job(t, dataset, decided.decision().obligations(), ask.format(), requestId)));
    }

    private static String headersJson(Map<String, String> headers) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        headers.forEach(out::put);
        return out.toString();
    }

    /** A transfer, for its consumer, its provider, the operator and auditors. */
    public Transfer find(String id, Caller caller) {
        Transfer t = TransferStore.find(dsl, id).orElseThrow(() -> notFound(id));
        boolean party = t.consumer().equals(caller.participantId()) || t.provider().equals(caller.participantId());
        if (!party && !caller.hasAny(Role.OPERATOR, Role.AUDITOR)) {
            throw notFound(id);
        }
        return t;
    }

    /** The caller's transfers, as consumer or provider, by id after {@code after}. */
    public List<Transfer> list(Caller caller, String after, int limit) {
        return TransferStore.of(dsl, caller.participantId(), after, limit);
    }

    /** What can be refused before anything is decided: fields the dataset lacks, a resume point its source cannot honour. */
    private static void checkAsk(Dataset dataset, Ask ask) {
        if (ask.since().isPresent() && dataset.source().path("type").asText().equals("file")) {
            throw Refusal.invalidParameter("since", "dataset " + dataset.id() + " is read from a file, which has no order to resume in;"
                    + " use limit, or pull it whole");
        }
        Set<String> known = new TreeSet<>();
        dataset.document().path("fields").forEach(f -> known.add(f.path("name").asText()));
        for (String f : ask.fields()) {
            if (!known.contains(f)) {
                throw Refusal.invalidParameter("fields", "dataset " + dataset.id() + " has no field '" + f + "'; its fields are " + known);
            }
        }
    }

    private static Refusal notFound(String id) {
        return Refusal.notFound("There is no transfer '" + id + "' of yours.");
    }

    /** How a transfer ended, as its completion entry records it. */
    public record Outcome(String state, long records, long bytes, String sha256, long ledgerIndex, Optional<String> error) {
    }

    /**
     * What a run of the pipeline wrote, before it is logged.
     *
     * @param state   {@code completed} or {@code aborted}
     * @param records records written
     * @param bytes   bytes written
     * @param sha256  hex SHA-256 of those bytes
     * @param error   why it stopped early
     */
    public record Written(String state, long records, long bytes, String sha256, Optional<String> error) {
        /** Nothing delivered, for the reason given. */
        static Written nothing(String state, String why) {
            DigestingOutputStream none = new DigestingOutputStream(OutputStream.nullOutputStream());
            return new Written(state, 0, 0, none.sha256Hex(), Optional.of(why));
        }
    }

    /**
     * One permitted transfer: open its source, write its records, log how it ended. Used by one thread at a time.
     *
     * <p><b>Pass-through.</b> When no obligation works on records (a {@code delete-by} is the
     * consumer's duty), the consumer wants every field, no limit and the source's own format, and
     * the source can hand over its bytes ({@link ByteSource}: HTTP and files, NDJSON or CSV), the
     * bytes are copied as they are rather than parsed and written again: the consumer gets exactly
     * what the provider serves, at the speed of the copy. {@link RecordCounter} counts the records
     * for the completion entry as the bytes pass.
     */
    public final class Job {
        private static final int COPY_BUFFER = 64 * 1024;

        private final Transfer transfer;
        private final Dataset dataset;
        private final List<Obligation> obligations;
        private final RecordFormat format;
        private final String requestId;
        /** The records to write, once opened, unless the bytes pass through. */
        private RecordCursor cursor;
        /** The source's bytes, once opened, when they pass through. */
        private InputStream bytes;
        private RecordCounter counter;

        private Job(Transfer transfer, Dataset dataset, List<Obligation> obligations, RecordFormat format, String requestId) {
            this.transfer = transfer;
            this.dataset = dataset;
            this.obligations = obligations;
            this.format = format;
            this.requestId = requestId;
        }

        /** The transfer as recorded when it started. */
        public Transfer transfer() {
            return transfer;
        }

        /** The media type of what {@link #write} writes. */
        public String mediaType() {
            return format.mediaType();
        }

        /**
         * Opens the source (before any byte is sent, so a failure can still be answered with a status).
         *
         * @return empty if it opened; otherwise the logged failure
         */
        public Optional<Outcome> open() {
            Set<String> wanted = new LinkedHashSet<>(transfer.fields());
            String custodian = transfer.provider();
            try {
                SourceRead asked = new SourceRead(wanted, transfer.limit(), transfer.since(), transfer.agreementId(), transfer.consumer(),
                        transfer.id());
                RecordSource source = sources.connect(DatasetReader.source(dataset.source()));
                Optional<RecordCounter> passThrough = passThrough(source);
                if (passThrough.isPresent()) {
                    bytes = ((ByteSource) source).openRaw(asked);
                    counter = passThrough.get();
                    return Optional.empty();
                }
                byte[] subjectKey = subjects.keyBytes(custodian);
                SourceRead read;
                try {
                    read = ObligationPipeline.sourceRead(obligations, asked, consents.view(custodian), subjectKey);
                } finally {
                    Arrays.fill(subjectKey, (byte) 0);
                }
                cursor = ObligationPipeline.apply(source.open(read), obligations,
                        new ObligationPipeline.PipelineKeys(subjects.keyedHash(custodian), pseudonymKey), () -> consents.view(custodian),
                        wanted, transfer.limit());
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.of(end(Written.nothing(Transfer.FAILED, "the source could not be read: " + e.getMessage())));
            }
        }

        /** A counter for the source's bytes if they can pass through as they are (see the class comment). */
        private Optional<RecordCounter> passThrough(RecordSource source) {
            boolean asTheyAre = source instanceof ByteSource b && b.format().id().equals(format.wire()) && transfer.fields().isEmpty()
                    && transfer.limit().isEmpty() && transfer.since().isEmpty() && obligations.stream().allMatch(o -> o instanceof Obligation.DeleteBy);
            return asTheyAre ? RecordCounter.of(((ByteSource) source).format()) : Optional.empty();
        }

        /**
         * Writes every record to {@code out}, after {@link #open()} succeeded, and closes the source. A
         * {@link DeliveryException} from {@code out} ends it as {@code aborted} with what was written; so does
         * the agreement ending while it runs, or the source failing midway.
         */
        public Written write(OutputStream out) {
            DigestingOutputStream counted = new DigestingOutputStream(out);
            long records = 0;
            String state = Transfer.COMPLETED;
            Optional<String> error = Optional.empty();
            long nextCheck = System.nanoTime() + Duration.ofMillis(RECHECK_MILLIS).toNanos();
            try (RecordCursor source = cursor; InputStream in = bytes) {
                RecordWriter writer = cursor == null ? null
                        : format.writer(counted, ObligationPipeline.columns(obligations, new LinkedHashSet<>(transfer.fields())));
                byte[] buffer = cursor == null ? new byte[COPY_BUFFER] : null;
                while (true) {
                    if (writer != null) {
                        ObjectNode r = source.next();
                        if (r == null) {
                            break;
                        }
                        writer.write(r);
                        records++;
                    } else {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        counted.write(buffer, 0, n);
                        counter.update(buffer, 0, n);
                    }
                    if (System.nanoTime() > nextCheck) {
                        nextCheck = System.nanoTime() + Duration.ofMillis(RECHECK_MILLIS).toNanos();
                        Optional<String> ended = agreementEnded(transfer);
                        if (ended.isPresent()) {
                            state = Transfer.ABORTED;
                            error = ended;
                            break;
                        }
                    }
                }
                if (state.equals(Transfer.COMPLETED) && writer != null) {
                    writer.finish();
                }
                counted.flush();
            } catch (DeliveryException e) {
                state = Transfer.ABORTED;
                error = Optional.of("delivery stopped: " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                state = Transfer.ABORTED;
                error = Optional.of("the source failed mid-stream: " + e.getMessage());
            }
            return new Written(state, counter == null ? records : counter.records(), counted.byteCount(), counted.sha256Hex(), error);
        }

        /** Writes every record to {@code out} and logs the completion: a pull. */
        public Outcome stream(OutputStream out) {
            return end(write(out));
        }

        /** Logs how the transfer ended (durably) and records it. */
        public Outcome end(Written w) {
            return Transfers.this.end(transfer, w, requestId);
        }
    }

    /** Why {@code t}'s agreement no longer allows it to run, if it does not. */
    Optional<String> agreementEnded(Transfer t) {
        Optional<Agreement> now = agreements.byId(t.agreementId());
        Instant at = clock.instant();
        if (now.isEmpty() || !now.get().inForce(at)) {
            return Optional.of("agreement " + t.agreementId() + " is " + now.map(a -> a.statusAt(at)).orElse("gone"));
        }
        return Optional.empty();
    }

    /** Logs how {@code t} ended (durably, before the row says so) and records it. */
    Outcome end(Transfer t, Written w, String requestId) {
        long index = ledger.appendDurably(List.of(new LedgerEvent.TransferCompleted(t.id(), t.agreementId(), t.datasetId(), t.provider(),
                t.consumer(), w.state(), w.records(), w.bytes(), w.sha256())), t.consumer(), requestId).get(0).index();
        TransferStore.end(dsl, t.id(), w.state(), w.records(), w.bytes(), w.sha256(), index, w.error(), clock.instant());
        meters.ended(t, w);
        return new Outcome(w.state(), w.records(), w.bytes(), w.sha256(), index, w.error());
    }
}
