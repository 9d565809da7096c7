-- Batch imports (批量导入): a supervisor's upload of many report files, worked
-- off in the background one file at a time. A file's bytes are kept only
-- until it has been read; its outcome (filed version, problem, or the
-- report waiting for the supervisor to pick the agency) stays for the
-- progress page. Times are Unix milliseconds (UTC).

CREATE TABLE batch_imports (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    agency_id   BIGINT NOT NULL REFERENCES agencies(id),
    created_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX batch_imports_user ON batch_imports(user_id, id);

CREATE TABLE batch_files (
    id              BIGSERIAL PRIMARY KEY,
    batch_id        BIGINT NOT NULL REFERENCES batch_imports(id),
    position        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    content         BYTEA,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'working', 'filed', 'confirm', 'failed', 'dismissed')),
    printed_agency  TEXT NOT NULL DEFAULT '',
    year            BIGINT,
    errors          BIGINT NOT NULL DEFAULT 0,
    warnings        BIGINT NOT NULL DEFAULT 0,
    problem         TEXT NOT NULL DEFAULT '',
    candidates_json TEXT NOT NULL DEFAULT '[]',
    report_json     TEXT NOT NULL DEFAULT '',
    provenance_json TEXT NOT NULL DEFAULT '',
    agency_id       BIGINT REFERENCES agencies(id),
    version_id      BIGINT REFERENCES annual_reports(id),
    updated_at      BIGINT NOT NULL,
    UNIQUE (batch_id, position)
);
CREATE INDEX batch_files_state ON batch_files(state, id);
