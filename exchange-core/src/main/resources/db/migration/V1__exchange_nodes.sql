-- Every exchange process that has started against this database. An operator sees which nodes ran
-- and when; scale-out features (cache invalidation, ledger batching) get a stable node id.
CREATE TABLE exchange_node (
    id         uuid        PRIMARY KEY,
    host       text        NOT NULL,
    version    text        NOT NULL,
    started_at timestamptz NOT NULL,
    stopped_at timestamptz
);
