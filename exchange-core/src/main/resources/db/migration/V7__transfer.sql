-- Transfers: one row per pull or push, from the permitting decision to the completion entry.
-- A pull runs while its HTTP response streams; a push is delivered in the background and
-- resumed after a restart (state 'pending' or 'delivering' with an expired lease).

CREATE TABLE transfer (
    id               varchar(64)  PRIMARY KEY,
    mode             varchar(8)   NOT NULL CHECK (mode IN ('pull', 'push')),
    agreement_id     varchar(64)  NOT NULL REFERENCES agreement (id),
    dataset_id       varchar(64)  NOT NULL REFERENCES dataset (id),
    provider         varchar(64)  NOT NULL REFERENCES participant (id),
    consumer         varchar(64)  NOT NULL REFERENCES participant (id),
    purpose          varchar(256) NOT NULL,
    format           varchar(8)   NOT NULL,
    fields           text[]       NOT NULL,   -- requested fields; empty: all
    record_limit     bigint,
    since            text,
    decision_id      varchar(64)  NOT NULL,   -- the access.permitted entry's decision
    decision_index   bigint       NOT NULL,
    state            varchar(16)  NOT NULL CHECK (state IN ('pending', 'running', 'completed', 'aborted', 'failed')),
    records          bigint       NOT NULL DEFAULT 0,
    bytes            bigint       NOT NULL DEFAULT 0,
    sha256           varchar(64),             -- hex SHA-256 of the exact bytes delivered
    completion_index bigint,                  -- its transfer.completed entry
    error            text,
    sink_url         text,                    -- push only
    sink_headers     text,                    -- push only: JSON object; secrets, never returned
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_owner      varchar(64),             -- the exchange node delivering it
    lease_until      timestamptz,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL
);
-- [jooq ignore start]
CREATE INDEX transfer_consumer ON transfer (consumer, created_at);
CREATE INDEX transfer_provider ON transfer (provider, created_at);
CREATE INDEX transfer_due ON transfer (next_attempt_at) WHERE state = 'pending';
-- [jooq ignore stop]
