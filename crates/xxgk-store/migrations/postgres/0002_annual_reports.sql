-- Annual reports (政府信息公开工作年度报告): one row per version of an
-- agency's report for a year. A published version is never changed; a
-- correction is a new version. Times are Unix milliseconds (UTC).

CREATE TABLE annual_reports (
    id              BIGSERIAL PRIMARY KEY,
    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    year            BIGINT NOT NULL,
    version         BIGINT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'published', 'superseded')),
    report_json     TEXT NOT NULL,
    source_name     TEXT NOT NULL DEFAULT '',
    provenance_json TEXT NOT NULL DEFAULT '[]',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    submitted_at    BIGINT,
    approved_at     BIGINT,
    published_at    BIGINT,
    superseded_at   BIGINT,
    UNIQUE (agency_id, year, version)
);
CREATE INDEX annual_reports_year ON annual_reports(year, agency_id);
