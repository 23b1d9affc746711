-- Consent of data subjects, recorded by custodians. The subject appears only as a keyed hash
-- (HMAC-SHA-256 under the exchange's subject key), the same one the ledger entries carry.

CREATE TABLE consent (
    id           varchar(64)  PRIMARY KEY,
    custodian    varchar(64)  NOT NULL REFERENCES participant (id),
    subject_hash varchar(43)  NOT NULL,
    dataset_id   varchar(64)  REFERENCES dataset (id),
    category     varchar(64),
    purposes     text[]       NOT NULL,  -- empty: any purpose
    recipients   text[]       NOT NULL,  -- participant IRIs or categories; empty: any recipient
    valid_from   timestamptz,
    valid_until  timestamptz,            -- exclusive
    decision     varchar(8)   NOT NULL CHECK (decision IN ('permit', 'deny')),
    source       text         NOT NULL,
    revoked_at   timestamptz,
    created_at   timestamptz  NOT NULL,
    CHECK ((dataset_id IS NULL) <> (category IS NULL))
);
-- [jooq ignore start]
CREATE INDEX consent_subject ON consent (custodian, subject_hash);
-- [jooq ignore stop]
