package org.sluis.core.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.core.store.schema.tables.records.LedgerEntryRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange's append-only ledger: an RFC 9162 Merkle log in PostgreSQL with signed checkpoints.
 *
 * <p><b>Appends</b> are group-committed. Callers enqueue and get a future; one writer thread
 * drains whatever is waiting (up to {@value #MAX_BATCH}) into one transaction that takes the
 * PostgreSQL transaction-level advisory lock, reads the log's size, assigns dense indexes, inserts
 * the entries and the subtree nodes they complete, and commits. Only after the commit are the
 * futures completed, so an acknowledged entry is durable. Several exchange processes may append
 * to one database: the lock serialises them, and a writer that finds the log grew under it reloads
 * its right edge ({@link MerkleFrontier}) from the stored nodes. A failed transaction fails the
 * whole batch and nothing of it is written.
 *
 * <p><b>Checkpoints</b> are signed by the same writer, after a batch when the last one is older
 * than the cadence, and on demand. Before signing, the new root is checked to be consistent with
 * the latest stored checkpoint (an RFC 9162 consistency proof over the stored nodes), so the
 * exchange never signs two checkpoints that contradict each other, even if its tables were edited.
 *
 * <p><b>Metrics</b> ({@link LedgerMeters}): the writer records each entry's wait from queue to
 * durable, and each transaction's time and size, after it has answered the batch's callers.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    /** Most entries in one transaction (bounded by PostgreSQL's bind-parameter limit). */
    static final int MAX_BATCH = 1000;
    private static final int MAX_QUEUED = 100_000;

    private final DSLContext dsl;
    private final Supplier<NoteKey> key;
    private final LedgerKeys rotatable; // null when the key is fixed (tests, benchmarks)
    private final Clock clock;
    private final Duration checkpointEvery;
    private final BlockingQueue<Request> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private final LedgerMeters meters;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private volatile boolean closing;

    // Owned by the writer thread.
    private MerkleFrontier frontier;
    private byte[] lastLeaf;
    private Instant lastCheckpoint = Instant.EPOCH;
    private boolean grownSinceCheckpoint;

    private Ledger(DSLContext dsl, Supplier<NoteKey> key, LedgerKeys rotatable, Clock clock, Duration checkpointEvery,
                   MeterRegistry metrics) {
        this.dsl = dsl;
        this.key = key;
        this.rotatable = rotatable;
        this.clock = clock;
        this.checkpointEvery = checkpointEvery;
        this.meters = new LedgerMeters(metrics, queue);
        this.writer = new Thread(this::writeLoop, "ledger-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the ledger over {@code dsl}, starts its writer and signs a checkpoint if the log has
     * none or has grown since the last, which also checks the stored log against the latest
     * signed checkpoint. The writer records its meters in {@code metrics}.
     *
     * @throws LedgerIntegrityException if the stored log contradicts a checkpoint it signed
     */
    public static Ledger open(DSLContext dsl, NoteKey key, Clock clock, Duration checkpointEvery, MeterRegistry metrics) {
        return start(new Ledger(dsl, () -> key, null, clock, checkpointEvery, metrics));
    }

    /**
     * As {@link #open(DSLContext, NoteKey, Clock, Duration, MeterRegistry)}, signing with the data
     * directory's keys, which can be rotated.
     */
    public static Ledger open(DSLContext dsl, LedgerKeys keys, Clock clock, Duration checkpointEvery, MeterRegistry metrics) {
        return start(new Ledger(dsl, keys::current, keys, clock, checkpointEvery, metrics));
    }

    private static Ledger start(Ledger ledger) {
        ledger.writer.start();
        try {
            ledger.checkpoint().join();
            return ledger;
        } catch (CompletionException e) {
            ledger.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The key that signs checkpoints now; its verifier key is published for auditors. */
    public NoteVerifier verifier() {
        return key.get().verifier();
    }

    /** Re-reads the checkpoint key files (after a rotation on another instance). Blocking file I/O. */
    public void refreshKeys() {
        if (rotatable != null) {
            rotatable.refresh();
        }
    }

    /** Keys that signed earlier checkpoints and still verify them, oldest first. */
    public List<NoteVerifier> retiredVerifiers() {
        return rotatable == null ? List.of() : rotatable.retired();
    }

    /**
     * Rotates the checkpoint key: logs the rotation, has the old key sign a last checkpoint that
     * covers that entry, then switches to a new key with the same name. Blocking.
     *
     * @return the retired and the new verifier key
     * @throws IllegalStateException if this ledger signs with a fixed key
     */
    public Rotated rotateKey(String actor, String requestId) {
        if (rotatable == null) {
            throw new IllegalStateException("this ledger signs with a fixed key");
        }
        NoteKey next = rotatable.successor();
        NoteVerifier old = verifier();
        try {
            append(new LedgerEvent.KeyRotated("ledger", HexFormat.of().toHexDigits(old.keyId()),
                    HexFormat.of().toHexDigits(next.keyId())), actor, requestId).join();
            RotateRequest request = new RotateRequest(next, new CompletableFuture<>());
            if (closing || !queue.offer(request)) {
                throw new LedgerUnavailableException("the ledger is not accepting work");
            }
            request.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return new Rotated(old.verifierKey(), next.verifierKey());
    }

    /**
     * A key rotation's outcome.
     *
     * @param oldVerifierKey the retired key, which still verifies the checkpoints it signed
     * @param newVerifierKey the key that signs from now on
     */
    public record Rotated(String oldVerifierKey, String newVerifierKey) {
    }

    /**
     * Appends an entry. The future completes with its index once the entry is durable, or fails
     * (with {@link LedgerUnavailableException} when the ledger cannot take or write it): the
     * caller must then not act, since the action would go unlogged.
     */
    public CompletableFuture<Appended> append(LedgerEvent event, String actor, String requestId) {
        Append request = new Append(new EntryCodec.Pending(event, actor, requestId, clock.instant()), new CompletableFuture<>(),
                System.nanoTime());
        if (closing || !queue.offer(request)) {
            request.done().completeExceptionally(new LedgerUnavailableException(closing
                    ? "the ledger is shutting down" : "the ledger is overloaded: " + MAX_QUEUED + " appends are waiting"));
        }
        return request.done();
    }

    /**
     * Appends {@code events} in order and waits until all are durable: for services that hold a
     * transaction open until their change is logged. Blocking.
     *
     * @return where each landed, in the order given
     * @throws LedgerUnavailableException if an entry cannot be written (earlier ones may be durable)
     */
    public List<Appended> appendDurably(List<? extends LedgerEvent> events, String actor, String requestId) {
        List<CompletableFuture<Appended>> pending = events.stream().map(e -> append(e, actor, requestId)).toList();
        List<Appended> done = new ArrayList<>(pending.size());
        try {
            for (CompletableFuture<Appended> f : pending) {
                done.add(f.join());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return done;
    }

    /** Signs and stores a checkpoint of the current log now (unless the latest already covers it). */
    public CompletableFuture<StoredCheckpoint> checkpoint() {
        CheckpointRequest request = new CheckpointRequest(new CompletableFuture<>());
        if (closing || !queue.offer(request)) {
            request.done().completeExceptionally(new LedgerUnavailableException("the ledger is not accepting work"));
        }
        return request.done();
    }

    /** The latest signed checkpoint. Blocking. */
    public StoredCheckpoint latestCheckpoint() {
        return LedgerStore.latestCheckpoint(dsl).orElseThrow(() -> new LedgerUnavailableException("no checkpoint yet"));
    }

    /** The number of entries the ledger in {@code dsl}'s database holds, before any ledger is opened on it. Blocking. */
    public static long entriesIn(DSLContext dsl) {
        return LedgerStore.size(dsl);
    }

    /** The number of entries. Blocking. */
    public long size() {
        return LedgerStore.size(dsl);
    }

    /**
     * Up to {@code limit} entries with index in [{@code from}, {@code to}) that satisfy {@code filter},
     * in index order. Blocking.
     */
    public List<LedgerEntryRecord> entries(long from, long to, EntryFilter filter, int limit) {
        return LedgerStore.entries(dsl, from, to, filter, limit);
    }

    /** The entry at {@code index}, if present. Blocking. */
    public Optional<LedgerEntryRecord> entry(long index) {
        return LedgerStore.entry(dsl, index);
    }

    /**
     * The RFC 9162 §2.1.3 inclusion proof of entry {@code index} in the tree of {@code treeSize}
     * entries, from O(log n) stored nodes read in one query. Blocking.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < treeSize <= size()}
     */
    public InclusionProof inclusionProof(long index, long treeSize) {
        requireSize(treeSize);
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("expected 0 <= index < treeSize, found index=" + index + " treeSize=" + treeSize);
        }
        var nodes = LedgerStore.nodes(dsl, unionOf(MerkleTree.nodesForInclusion(index, treeSize), List.of(NodeId.leaf(index))));
        SubtreeHashes source = LedgerStore.source(nodes);
        return new InclusionProof(index, treeSize, source.hash(NodeId.leaf(index)), MerkleTree.inclusionProof(index, treeSize, source));
    }

    /**
     * The RFC 9162 §2.1.4 consistency proof between the trees of {@code from} and {@code to}
     * entries. Blocking.
     *
     * @throws IllegalArgumentException unless {@code 1 <= from <= to <= size()}
     */
    public List<byte[]> consistencyProof(long from, long to) {
        requireSize(to);
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("expected 1 <= from <= to, found from=" + from + " to=" + to);
        }
        return MerkleTree.consistencyProof(from, to, LedgerStore.source(LedgerStore.nodes(dsl, MerkleTree.nodesForConsistency(from, to))));
    }

    /** The Merkle root of the first {@code treeSize} entries. Blocking. */
    public byte[] rootHash(long treeSize) {
        requireSize(treeSize);
        return MerkleTree.rootHash(treeSize, LedgerStore.source(LedgerStore.nodes(dsl, MerkleTree.nodesForRoot(treeSize))));
    }

    /** Transactions committed and entries appended by this process's writer, for metrics and tests. */
    public Stats stats() {
        return new Stats(batches.get(), appended.get());
    }

    /** Stops taking work, lets the writer finish what is queued, and stops it. */
    @Override
    public void close() {
        closing = true; // the writer notices within its poll interval, drains the queue and stops
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireSize(long treeSize) {
        long size = size();
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("expected a tree size from 0 to " + size + ", found " + treeSize);
        }
    }

    private static List<NodeId> unionOf(List<NodeId> a, List<NodeId> b) {
        List<NodeId> all = new ArrayList<>(a);
        b.stream().filter(id -> !all.contains(id)).forEach(all::add);
        return all;
    }

    // ---- the writer thread --------------------------------------------------------------------

    private void writeLoop() {
        List<Request> drained = new ArrayList<>(MAX_BATCH);
        while (!(closing && queue.isEmpty())) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (grownSinceCheckpoint && checkpointDue()) {
                        signCheckpoint(List.of()); // the log went quiet: cover its tail without waiting for the next append
                    }
                    continue;
                }
                drained.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(drained, MAX_BATCH - 1);
            List<Append> appends = new ArrayList<>(drained.size());
            List<CheckpointRequest> checkpoints = new ArrayList<>();
            List<RotateRequest> rotations = new ArrayList<>();
            for (Request r : drained) {
                if (r instanceof Append a) {
                    appends.add(a);
                } else if (r instanceof CheckpointRequest c) {
                    checkpoints.add(c);
                } else if (r instanceof RotateRequest k) {
                    rotations.add(k);
                }
            }
            drained.clear();
            if (!appends.isEmpty()) {
                writeBatch(appends);
            }
            boolean covered = true;
            if (!checkpoints.isEmpty() || !rotations.isEmpty() || (grownSinceCheckpoint && checkpointDue())) {
                covered = signCheckpoint(checkpoints); // before a rotation: the old key's last checkpoint covers the rotation entry
            }
            for (RotateRequest k : rotations) {
                if (!covered) {
                    k.fail(new LedgerUnavailableException("the old key could not sign a last checkpoint; the key was not rotated"));
                    continue;
                }
                try {
                    k.done().complete(rotatable.rotate(k.next()));
                } catch (RuntimeException e) {
                    LOG.error("ledger key rotation failed; the old key stays in use", e);
                    k.fail(e);
                }
            }
        }
        Request left;
        while ((left = queue.poll()) != null) {
            left.fail(new LedgerUnavailableException("the ledger stopped"));
        }
    }

    private boolean checkpointDue() {
        return !lastCheckpoint.plus(checkpointEvery).isAfter(clock.instant());
    }

    private void writeBatch(List<Append> batch) {
        List<Append> written = new ArrayList<>(batch.size());
        List<Appended> results = new ArrayList<>(batch.size());
        long start = System.nanoTime();
        try {
            dsl.transaction(cfg -> {
                DSLContext tx = DSL.using(cfg);
                LedgerStore.lock(tx);
                syncFrontier(tx);
                written.clear();
                results.clear();
                List<LedgerEntryRecord> rows = new ArrayList<>(batch.size());
                List<StoredNode> nodes = new ArrayList<>(batch.size() * 2);
                for (Append a : batch) {
                    long index = frontier.size();
                    byte[] bytes;
                    try {
                        bytes = EntryCodec.leafBytes(index, lastLeaf, a.pending());
                    } catch (RuntimeException unencodable) {
                        // One caller's bad event fails that caller alone, before it touches the tree.
                        a.fail(new IllegalArgumentException("the event cannot be recorded: " + unencodable.getMessage(), unencodable));
                        continue;
                    }
                    byte[] leaf = MerkleHash.leaf(bytes);
                    nodes.addAll(frontier.append(leaf));
                    lastLeaf = leaf;
                    rows.add(row(index, a.pending(), bytes, leaf));
                    written.add(a);
                    results.add(new Appended(index, leaf));
                }
                if (!rows.isEmpty()) {
                    LedgerStore.insert(tx, rows, nodes);
                }
            });
        } catch (RuntimeException e) {
            frontier = null; // it may hold leaves that were rolled back: reload before the next batch
            LOG.error("ledger append of {} entries failed; nothing of the batch was written", batch.size(), e);
            LedgerUnavailableException failure = new LedgerUnavailableException("the ledger cannot be written: " + e.getMessage(), e);
            batch.forEach(a -> a.fail(failure));
            return;
        }
        long durable = System.nanoTime();
        batches.incrementAndGet();
        appended.addAndGet(written.size());
        grownSinceCheckpoint |= !written.isEmpty();
        for (int i = 0; i < written.size(); i++) {
            written.get(i).done().complete(results.get(i));
        }
        if (!written.isEmpty()) { // recorded once the callers have their answers, so they do not wait for it
            meters.committed(written.size(), durable - start);
            for (Append a : written) {
                meters.durable(durable - a.queued());
            }
        }
    }

    private void syncFrontier(DSLContext tx) {
        long size = LedgerStore.size(tx);
        if (frontier != null && frontier.size() == size) {
            return;
        }
        List<NodeId> ids = unionOf(MerkleTree.nodesForRoot(size), size == 0 ? List.of() : List.of(NodeId.leaf(size - 1)));
        SubtreeHashes source = LedgerStore.source(LedgerStore.nodes(tx, ids));
        frontier = MerkleFrontier.of(size, source);
        lastLeaf = size == 0 ? MerkleHash.emptyRoot() : source.hash(NodeId.leaf(size - 1));
    }

    private boolean signCheckpoint(List<CheckpointRequest> waiting) {
        try {
            StoredCheckpoint result = dsl.transactionResult(cfg -> {
                DSLContext tx = DSL.using(cfg);
                LedgerStore.lock(tx);
                syncFrontier(tx);
                Optional<StoredCheckpoint> latest = LedgerStore.latestCheckpoint(tx);
                long size = frontier.size();
                if (latest.isPresent() && latest.get().treeSize() == size) {
                    return latest.get();
                }
                byte[] root = frontier.root();
                latest.ifPresent(previous -> requireConsistent(tx, previous, size, root));
                Instant now = clock.instant();
                NoteKey signer = key.get();
                String note = CheckpointNote.sign(new Checkpoint(signer.name(), size, root), signer, now);
                StoredCheckpoint signed = new StoredCheckpoint(size, root, now.truncatedTo(ChronoUnit.SECONDS), note);
                LedgerStore.insertCheckpoint(tx, signed, HexFormat.of().toHexDigits(signer.keyId()));
                return signed;
            });
            lastCheckpoint = clock.instant();
            grownSinceCheckpoint = false;
            waiting.forEach(w -> w.done().complete(result));
            return true;
        } catch (RuntimeException e) {
            frontier = null;
            LOG.error("ledger checkpoint failed", e);
            waiting.forEach(w -> w.fail(e instanceof LedgerIntegrityException ? e
                    : new LedgerUnavailableException("cannot sign a checkpoint: " + e.getMessage(), e)));
            lastCheckpoint = clock.instant(); // retry at the next cadence, not in a tight loop
            return false;
        }
    }

    private static void requireConsistent(DSLContext tx, StoredCheckpoint previous, long size, byte[] root) {
        if (size < previous.treeSize()) {
            throw new LedgerIntegrityException("the log has " + size + " entries but checkpoint " + previous.treeSize()
                    + " was signed: entries were removed");
        }
        if (previous.treeSize() == 0) {
            return;
        }
        List<byte[]> proof = MerkleTree.consistencyProof(previous.treeSize(), size,
                LedgerStore.source(LedgerStore.nodes(tx, MerkleTree.nodesForConsistency(previous.treeSize(), size))));
        try {
            MerkleProofs.verifyConsistency(previous.treeSize(), size, previous.rootHash(), root, proof);
        } catch (ProofException e) {
            throw new LedgerIntegrityException("the log is no longer consistent with checkpoint " + previous.treeSize()
                    + "; refusing to sign: " + e.getMessage(), e);
        }
    }

    private static LedgerEntryRecord row(long index, EntryCodec.Pending p, byte[] bytes, byte[] leaf) {
        LedgerEvent e = p.event();
        return new LedgerEntryRecord(index, e.kind(), OffsetDateTime.ofInstant(p.time(), ZoneOffset.UTC), p.actor(), p.requestId(),
                e.participants().stream().distinct().sorted().toArray(String[]::new),
                e.dataset().orElse(null), e.agreement().orElse(null), bytes, leaf);
    }

    /**
     * Where an appended entry landed.
     *
     * @param index its index in the log
     * @param leafHash its RFC 9162 leaf hash
     */
    public record Appended(long index, byte[] leafHash) {
    }

    /**
     * An inclusion proof as the API serves it.
     *
     * @param index the entry
     * @param treeSize the tree it is proven in
     * @param leafHash the entry's leaf hash
     * @param path the audit path, RFC 9162 §2.1.3
     */
    public record InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> path) {
    }

    /**
     * Counters of this process's writer.
     *
     * @param batches transactions committed
     * @param entries entries appended
     */
    public record Stats(long batches, long entries) {
    }

    private sealed interface Request permits Append, CheckpointRequest, RotateRequest {
        void fail(Throwable t);
    }

    /** An entry to write; {@code queued} is {@link System#nanoTime()} when it was asked for. */
    private record Append(EntryCodec.Pending pending, CompletableFuture<Appended> done, long queued) implements Request {
        @Override
        public void fail(Throwable t) {
            done.completeExceptionally(t);
        }
    }

    private record RotateRequest(NoteKey next, CompletableFuture<NoteVerifier> done) implements Request {
        @Override
        public void fail(Throwable t) {
            done.completeExceptionally(t);
        }
    }

    private record CheckpointRequest(CompletableFuture<StoredCheckpoint> done) implements Request {
        @Override
        public void fail(Throwable t) {
            done.completeExceptionally(t);
        }
    }
}
