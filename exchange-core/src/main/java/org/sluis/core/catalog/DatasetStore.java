package org.sluis.core.catalog;

import static org.sluis.core.store.Timestamps.utc;
import static org.sluis.core.store.schema.Tables.DATASET;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.sluis.core.store.schema.tables.records.DatasetRecord;

/** Datasets in PostgreSQL. Blocking: call from the database worker pool, inside the caller's transaction where one is open. */
final class DatasetStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetStore() {
    }

    /** Inserts a new dataset; false if one with its id exists (or is being inserted concurrently and then commits). */
    static boolean insert(DSLContext tx, Dataset d) {
        return tx.insertInto(DATASET).set(record(d)).onConflictDoNothing().execute() == 1;
    }

    /** Replaces the stored dataset with {@code d} (same id). */
    static void update(DSLContext tx, Dataset d) {
        DatasetRecord r = record(d);
        tx.update(DATASET).set(r).where(DATASET.ID.eq(d.id())).execute();
    }

    /** The dataset with {@code id}. */
    static Optional<Dataset> find(DSLContext dsl, String id) {
        return dsl.selectFrom(DATASET).where(DATASET.ID.eq(id)).fetchOptional().map(DatasetStore::dataset);
    }

    /** The dataset with {@code id}, locked until the transaction ends: changes to one dataset are serialised. */
    static Optional<Dataset> lock(DSLContext tx, String id) {
        return tx.selectFrom(DATASET).where(DATASET.ID.eq(id)).forUpdate().fetchOptional().map(DatasetStore::dataset);
    }

    /**
     * Up to {@code limit} published datasets with id after {@code after}, by id, matching the filters.
     * {@code text} matches title or description, case-insensitively, as plain text (LIKE wildcards in it are escaped).
     */
    static List<Dataset> page(DSLContext dsl, Optional<String> domain, Optional<String> provider, Optional<String> text,
                              String after, int limit) {
        Condition where = DATASET.STATUS.eq(Dataset.PUBLISHED).and(DATASET.ID.gt(after));
        where = domain.map(d -> DATASET.DOMAIN.eq(d)).map(where::and).orElse(where);
        where = provider.map(p -> DATASET.PROVIDER.eq(p)).map(where::and).orElse(where);
        where = text.map(t -> DATASET.TITLE.containsIgnoreCase(t).or(DATASET.DESCRIPTION.containsIgnoreCase(t)))
                .map(where::and).orElse(where);
        return dsl.selectFrom(DATASET).where(where).orderBy(DATASET.ID).limit(limit).fetch(DatasetStore::dataset);
    }

    /** Up to {@code limit} datasets of {@code provider}, any status, with id after {@code after}. */
    static List<Dataset> ofProvider(DSLContext dsl, String provider, String after, int limit) {
        return dsl.selectFrom(DATASET).where(DATASET.PROVIDER.eq(provider)).and(DATASET.ID.gt(after))
                .orderBy(DATASET.ID).limit(limit).fetch(DatasetStore::dataset);
    }

    /** True if a dataset with this id exists, in any status. */
    static boolean exists(DSLContext dsl, String id) {
        return dsl.fetchExists(DSL.selectOne().from(DATASET).where(DATASET.ID.eq(id)));
    }

    private static DatasetRecord record(Dataset d) {
        DatasetRecord r = new DatasetRecord();
        r.setId(d.id());
        r.setProvider(d.provider());
        r.setTitle(d.document().path("title").asText());
        r.setDescription(d.document().path("description").asText(""));
        r.setDomain(d.document().path("domain").asText());
        r.setDocument(d.document().toString());
        r.setSource(d.source().toString());
        r.setStatus(d.status());
        r.setVersion(d.version());
        r.setCreatedAt(utc(d.createdAt()));
        r.setUpdatedAt(utc(d.updatedAt()));
        return r;
    }

    private static Dataset dataset(DatasetRecord r) {
        return new Dataset(r.getId(), r.getProvider(), r.getStatus(), r.getVersion(), object(r.getDocument()), object(r.getSource()),
                r.getCreatedAt().toInstant(), r.getUpdatedAt().toInstant());
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored dataset JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
