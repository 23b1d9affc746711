-- Participants of the exchange and the client-assertion ids they have used (RFC 7523 jti), shared
-- by every exchange instance so that a replayed assertion is refused on all of them.

CREATE TABLE participant (
    id                  varchar(64) PRIMARY KEY,
    name                text        NOT NULL,
    registration_number text        NOT NULL,
    region              text        NOT NULL,
    roles               text[]      NOT NULL,
    status              text        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REVOKED')),
    certificate         text        NOT NULL,  -- PEM of the certificate the exchange issued
    certificate_sha256  text        NOT NULL,  -- hex SHA-256 of its DER: the only certificate accepted for login
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE TABLE used_jti (
    client_id  varchar(64)  NOT NULL,
    jti        varchar(256) NOT NULL,
    expires_at timestamptz  NOT NULL,
    PRIMARY KEY (client_id, jti)
);
-- [jooq ignore start]
CREATE INDEX used_jti_expiry ON used_jti (expires_at);
-- [jooq ignore stop]
