-- Access decisions. A participant may belong to categories (e.g. research-institution) that
-- agreements and consents name as recipients. Uses of an agreement are counted here, one row per
-- agreement: a decision on an agreement with a count constraint locks the row, decides with the
-- uses so far, and adds one only when it permits, in the transaction that logs the decision, so
-- concurrent requests on any instance are counted exactly.

ALTER TABLE participant ADD COLUMN categories text[] NOT NULL DEFAULT '{}';

CREATE TABLE agreement_usage (
    agreement_id varchar(64) PRIMARY KEY REFERENCES agreement (id),
    uses         bigint      NOT NULL CHECK (uses >= 0),
    day          date        NOT NULL,   -- the UTC day day_uses counts
    day_uses     bigint      NOT NULL CHECK (day_uses >= 0)
);
