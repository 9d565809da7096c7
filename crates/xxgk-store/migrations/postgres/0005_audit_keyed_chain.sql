-- The audit chain is keyed from here on: records from `keyed_from` carry
-- HMAC-SHA256 under a key kept outside the database (`hmac-sha256:…`);
-- earlier ones keep their plain sha256 and are verified as before.

CREATE TABLE audit_chain (
    keyed_from BIGINT NOT NULL
);
INSERT INTO audit_chain (keyed_from) SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log;
