-- Batch imports (批量导入): a supervisor's upload of many report files, worked
-- off in the background one file at a time. A file's bytes are kept only
-- until it has been read; its outcome (filed version, problem, or the
-- report waiting for the supervisor to pick the agency) stays for the
-- progress page. Times are Unix milliseconds (UTC).

CREATE TABLE batch_imports (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX batch_imports_user ON batch_imports(user_id, id);

CREATE TABLE batch_files (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL REFERENCES batch_imports(id),
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    content         BLOB,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'working', 'filed', 'confirm', 'failed', 'dismissed')),
    printed_agency  TEXT NOT NULL DEFAULT '',
    year            INTEGER,
    errors          INTEGER NOT NULL DEFAULT 0,
    warnings        INTEGER NOT NULL DEFAULT 0,
    problem         TEXT NOT NULL DEFAULT '',
    candidates_json TEXT NOT NULL DEFAULT '[]',
    report_json     TEXT NOT NULL DEFAULT '',
    provenance_json TEXT NOT NULL DEFAULT '',
    agency_id       INTEGER REFERENCES agencies(id),
    version_id      INTEGER REFERENCES annual_reports(id),
    updated_at      INTEGER NOT NULL,
    UNIQUE (batch_id, position)
);
CREATE INDEX batch_files_state ON batch_files(state, id);
