-- Datasets with their offers, contract negotiations and the agreements the exchange notarised.
-- Every row change here follows a durable ledger entry; the ledger is the record, these tables
-- are the current state.

CREATE TABLE dataset (
    id          varchar(64)  PRIMARY KEY,
    provider    varchar(64)  NOT NULL REFERENCES participant (id),
    title       text         NOT NULL,
    description text         NOT NULL,
    domain      varchar(32)  NOT NULL,
    document    text         NOT NULL,  -- the public description (JSON): fields, consent, offers with their ODRL
    source      text         NOT NULL,  -- the source connector config (JSON), secrets included: never returned
    status      varchar(16)  NOT NULL CHECK (status IN ('published', 'withdrawn')),
    version     integer      NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);
-- [jooq ignore start]
CREATE INDEX dataset_provider ON dataset (provider, id);
CREATE INDEX dataset_domain ON dataset (domain, id);
-- [jooq ignore stop]

CREATE TABLE negotiation (
    id            varchar(64)  PRIMARY KEY,
    dataset_id    varchar(64)  NOT NULL REFERENCES dataset (id),
    offer_id      varchar(64)  NOT NULL,
    provider      varchar(64)  NOT NULL REFERENCES participant (id),
    consumer      varchar(64)  NOT NULL REFERENCES participant (id),
    purpose       varchar(256) NOT NULL,
    state         varchar(16)  NOT NULL CHECK (state IN ('REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED', 'FINALIZED', 'TERMINATED')),
    offer_policy  text         NOT NULL,  -- the Offer (compact ODRL JSON) as it stood when requested
    agreement_id  varchar(64),
    terminated_by varchar(64),
    reason        text,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);
-- [jooq ignore start]
CREATE INDEX negotiation_consumer ON negotiation (consumer, created_at);
CREATE INDEX negotiation_provider ON negotiation (provider, created_at);
-- [jooq ignore stop]

CREATE TABLE agreement (
    id             varchar(64)  PRIMARY KEY,
    negotiation_id varchar(64)  NOT NULL UNIQUE REFERENCES negotiation (id),
    dataset_id     varchar(64)  NOT NULL REFERENCES dataset (id),
    offer_id       varchar(64)  NOT NULL,
    provider       varchar(64)  NOT NULL REFERENCES participant (id),
    consumer       varchar(64)  NOT NULL REFERENCES participant (id),
    purpose        varchar(256) NOT NULL,
    canonical      text         NOT NULL,  -- RFC 8785 form of the ODRL Agreement: exactly the signed payload
    signature      text         NOT NULL,  -- JWS compact serialisation by the notary key
    sha256         varchar(64)  NOT NULL,
    ledger_index   bigint       NOT NULL,  -- index of its agreement.signed entry
    signed_at      timestamptz  NOT NULL,
    valid_until    timestamptz,            -- when its time constraints end; null: no end
    status         varchar(16)  NOT NULL CHECK (status IN ('active', 'terminated', 'revoked')),
    ended_by       varchar(64),
    end_reason     text,
    ended_at       timestamptz
);
-- [jooq ignore start]
CREATE INDEX agreement_consumer ON agreement (consumer, signed_at);
CREATE INDEX agreement_provider ON agreement (provider, signed_at);
-- [jooq ignore stop]
