package org.sluis.core.ledger;

import static org.sluis.core.store.schema.Tables.LEDGER_CHECKPOINT;
import static org.sluis.core.store.schema.Tables.LEDGER_ENTRY;
import static org.sluis.core.store.schema.Tables.LEDGER_NODE;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.sluis.core.store.schema.tables.records.LedgerEntryRecord;

/**
 * The ledger's SQL, all of it, blocking (run it on the database worker pool). Complete subtree
 * hashes above the leaves live in {@code ledger_node}; level-0 hashes are the entries' own
 * {@code leaf_hash}, so each append writes one entry row plus on average one node row.
 */
final class LedgerStore {
    /** Key of the PostgreSQL transaction-level advisory lock that serialises appends across nodes. */
    static final long LOCK_KEY = 0x536C756973L; // "Sluis" in ASCII

    private LedgerStore() {
    }

    /** Takes the ledger lock for the rest of the current transaction. */
    static void lock(DSLContext tx) {
        tx.fetch("SELECT pg_advisory_xact_lock(?)", LOCK_KEY);
    }

    /** The number of entries: indexes are dense, so max(idx) + 1. */
    static long size(DSLContext dsl) {
        Long max = dsl.select(DSL.max(LEDGER_ENTRY.IDX)).from(LEDGER_ENTRY).fetchOne(0, Long.class);
        return max == null ? 0 : max + 1;
    }

    /** The stored hashes of {@code ids} in one round trip; a missing node is absent from the map. */
    static Map<NodeId, byte[]> nodes(DSLContext dsl, Collection<NodeId> ids) {
        Map<NodeId, byte[]> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<Long> leaves = new ArrayList<>();
        List<Condition> inner = new ArrayList<>();
        for (NodeId id : ids) {
            if (id.level() == 0) {
                leaves.add(id.index());
            } else {
                inner.add(LEDGER_NODE.HEIGHT.eq((short) id.level()).and(LEDGER_NODE.IDX.eq(id.index())));
            }
        }
        var query = dsl.select(DSL.inline((short) 0).as("height"), LEDGER_ENTRY.IDX, LEDGER_ENTRY.LEAF_HASH)
                .from(LEDGER_ENTRY).where(LEDGER_ENTRY.IDX.in(leaves))
                .unionAll(dsl.select(LEDGER_NODE.HEIGHT, LEDGER_NODE.IDX, LEDGER_NODE.HASH)
                        .from(LEDGER_NODE).where(inner.isEmpty() ? DSL.falseCondition() : DSL.or(inner)));
        for (Record r : query.fetch()) {
            found.put(new NodeId(r.get(0, Short.class), r.get(1, Long.class)), r.get(2, byte[].class));
        }
        return found;
    }

    /** A source that reads what {@link #nodes} fetched, failing loudly on a node the database lacks. */
    static SubtreeHashes source(Map<NodeId, byte[]> fetched) {
        return id -> {
            byte[] hash = fetched.get(id);
            if (hash == null) {
                throw new LedgerIntegrityException("the ledger lacks the stored hash of subtree " + id
                        + ": the tables were changed outside the exchange");
            }
            return hash;
        };
    }

    /** Inserts a batch of entries and the subtree nodes they completed (level 0 is the entry itself). */
    static void insert(DSLContext tx, List<LedgerEntryRecord> entries, List<StoredNode> nodes) {
        tx.insertInto(LEDGER_ENTRY).set(entries.get(0)).execute();
        if (entries.size() > 1) {
            var insert = tx.insertInto(LEDGER_ENTRY, LEDGER_ENTRY.fields());
            for (LedgerEntryRecord e : entries.subList(1, entries.size())) {
                insert = insert.values(e.intoArray());
            }
            insert.execute();
        }
        var nodeInsert = tx.insertInto(LEDGER_NODE, LEDGER_NODE.HEIGHT, LEDGER_NODE.IDX, LEDGER_NODE.HASH);
        boolean any = false;
        for (StoredNode n : nodes) {
            if (n.id().level() > 0) {
                nodeInsert = nodeInsert.values((short) n.id().level(), n.id().index(), n.hash());
                any = true;
            }
        }
        if (any) {
            nodeInsert.execute();
        }
    }

    /** The leaf hash of entry {@code index}, if it exists. */
    static Optional<byte[]> leafHash(DSLContext dsl, long index) {
        return dsl.select(LEDGER_ENTRY.LEAF_HASH).from(LEDGER_ENTRY).where(LEDGER_ENTRY.IDX.eq(index)).fetchOptional(0, byte[].class);
    }

    /** The entry at {@code index}: its canonical bytes and leaf hash. */
    static Optional<LedgerEntryRecord> entry(DSLContext dsl, long index) {
        return dsl.selectFrom(LEDGER_ENTRY).where(LEDGER_ENTRY.IDX.eq(index)).fetchOptional();
    }

    /** Up to {@code limit} entries with index ≥ {@code from} (and &lt; {@code to}) matching {@code filter}, in index order. */
    static List<LedgerEntryRecord> entries(DSLContext dsl, long from, long to, EntryFilter filter, int limit) {
        List<Condition> where = new ArrayList<>(List.of(LEDGER_ENTRY.IDX.ge(from), LEDGER_ENTRY.IDX.lt(to)));
        filter.kind().ifPresent(k -> where.add(LEDGER_ENTRY.KIND.eq(k)));
        filter.participant().ifPresent(p -> where.add(LEDGER_ENTRY.PARTICIPANTS.contains(new String[] {p})));
        filter.dataset().ifPresent(d -> where.add(LEDGER_ENTRY.DATASET.eq(d)));
        filter.agreement().ifPresent(a -> where.add(LEDGER_ENTRY.AGREEMENT.eq(a)));
        filter.since().ifPresent(t -> where.add(LEDGER_ENTRY.TIME.ge(OffsetDateTime.ofInstant(t, ZoneOffset.UTC))));
        filter.until().ifPresent(t -> where.add(LEDGER_ENTRY.TIME.lt(OffsetDateTime.ofInstant(t, ZoneOffset.UTC))));
        return dsl.selectFrom(LEDGER_ENTRY)
                .where(where)
                .orderBy(LEDGER_ENTRY.IDX)
                .limit(limit)
                .fetch();
    }

    /** The latest stored checkpoint. */
    static Optional<StoredCheckpoint> latestCheckpoint(DSLContext dsl) {
        return dsl.selectFrom(LEDGER_CHECKPOINT).orderBy(LEDGER_CHECKPOINT.TREE_SIZE.desc()).limit(1).fetchOptional()
                .map(r -> new StoredCheckpoint(r.getTreeSize(), r.getRootHash(), r.getTime().toInstant(), r.getNote()));
    }

    /** Stores a signed checkpoint; a checkpoint for the same size stored first by another node wins. */
    static void insertCheckpoint(DSLContext tx, StoredCheckpoint c, String keyId) {
        tx.insertInto(LEDGER_CHECKPOINT)
                .set(LEDGER_CHECKPOINT.TREE_SIZE, c.treeSize())
                .set(LEDGER_CHECKPOINT.ROOT_HASH, c.rootHash())
                .set(LEDGER_CHECKPOINT.TIME, OffsetDateTime.ofInstant(c.time(), ZoneOffset.UTC))
                .set(LEDGER_CHECKPOINT.KEY_ID, keyId)
                .set(LEDGER_CHECKPOINT.NOTE, c.note())
                .onConflictDoNothing()
                .execute();
    }
}
