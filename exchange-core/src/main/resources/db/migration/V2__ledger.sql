-- The exchange ledger: an RFC 9162 Merkle log. Entries are the leaves; ledger_node keeps the hash
-- of every complete subtree above the leaves (level >= 1), so roots and proofs need O(log n) reads.
-- All three tables are append-only; the triggers below make the database itself refuse changes.

CREATE TABLE ledger_entry (
    idx          bigint      PRIMARY KEY CHECK (idx >= 0),
    kind         text        NOT NULL,
    time         timestamptz NOT NULL,
    actor        text        NOT NULL,
    request_id   text,
    participants text[]      NOT NULL,
    dataset      text,
    agreement    text,
    entry        bytea       NOT NULL,  -- the leaf bytes: RFC 8785 canonical JSON of the entry
    leaf_hash    bytea       NOT NULL CHECK (octet_length(leaf_hash) = 32)
);
-- Indexes are PostgreSQL's business only (jOOQ's build-time parser maps text to CLOB, which cannot be indexed).
-- [jooq ignore start]
CREATE INDEX ledger_entry_kind ON ledger_entry (kind, idx);
CREATE INDEX ledger_entry_dataset ON ledger_entry (dataset, idx) WHERE dataset IS NOT NULL;
CREATE INDEX ledger_entry_agreement ON ledger_entry (agreement, idx) WHERE agreement IS NOT NULL;
CREATE INDEX ledger_entry_time ON ledger_entry (time);
CREATE INDEX ledger_entry_participants ON ledger_entry USING gin (participants);
-- [jooq ignore stop]

CREATE TABLE ledger_node (
    height smallint NOT NULL CHECK (height >= 1),  -- level of the subtree: it covers 2^height leaves
    idx   bigint   NOT NULL CHECK (idx >= 0),
    hash  bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (height, idx)
);

CREATE TABLE ledger_checkpoint (
    tree_size bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root_hash bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    time      timestamptz NOT NULL,
    key_id    text        NOT NULL,
    note      text        NOT NULL      -- the C2SP signed note exactly as served
);

-- [jooq ignore start]
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_node_append_only BEFORE UPDATE OR DELETE ON ledger_node
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_node_no_truncate BEFORE TRUNCATE ON ledger_node
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
-- [jooq ignore stop]
