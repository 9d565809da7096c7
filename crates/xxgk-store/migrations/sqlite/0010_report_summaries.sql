-- Scale: the metadata of every report version in a narrow table of its own
-- (kept by triggers in the same transaction as the version, so lists, year
-- pages and dashboards never walk the large JSON columns), and change stamps
-- that let caches know cheaply whether what they were built from changed:
-- one for the agency tree, one per agency for the reports of its subtree.

CREATE TABLE report_summaries (
    report_id       INTEGER PRIMARY KEY REFERENCES annual_reports(id),
    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
    year            INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    state           TEXT NOT NULL,
    source_name     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    submitted_at    INTEGER,
    approved_at     INTEGER,
    published_at    INTEGER,
    superseded_at   INTEGER
);
CREATE INDEX report_summaries_year ON report_summaries(year, agency_id, version);
CREATE INDEX report_summaries_agency ON report_summaries(agency_id, year, version);

INSERT INTO report_summaries
SELECT id, agency_id, year, version, state, source_name, created_at, updated_at, submitted_at, approved_at,
       published_at, superseded_at
FROM annual_reports;

CREATE TRIGGER report_summaries_insert AFTER INSERT ON annual_reports
BEGIN
    INSERT INTO report_summaries VALUES (NEW.id, NEW.agency_id, NEW.year, NEW.version, NEW.state, NEW.source_name,
        NEW.created_at, NEW.updated_at, NEW.submitted_at, NEW.approved_at, NEW.published_at, NEW.superseded_at);
END;

CREATE TRIGGER report_summaries_update AFTER UPDATE ON annual_reports
BEGIN
    UPDATE report_summaries SET agency_id = NEW.agency_id, year = NEW.year, version = NEW.version,
        state = NEW.state, source_name = NEW.source_name, created_at = NEW.created_at, updated_at = NEW.updated_at,
        submitted_at = NEW.submitted_at, approved_at = NEW.approved_at, published_at = NEW.published_at,
        superseded_at = NEW.superseded_at
    WHERE report_id = NEW.id;
END;

-- name: 'agencies' (any agency row inserted or changed).
CREATE TABLE change_stamps (
    name    TEXT PRIMARY KEY,
    stamp   INTEGER NOT NULL
);
INSERT INTO change_stamps VALUES ('agencies', 1);

CREATE TRIGGER agencies_stamp_insert AFTER INSERT ON agencies
BEGIN
    UPDATE change_stamps SET stamp = stamp + 1 WHERE name = 'agencies';
END;

CREATE TRIGGER agencies_stamp_update AFTER UPDATE ON agencies
BEGIN
    UPDATE change_stamps SET stamp = stamp + 1 WHERE name = 'agencies';
END;

-- Per agency: bumped (by the store, in the write's transaction) for the
-- agency and every ancestor whenever a report version of it changes.
CREATE TABLE subtree_stamps (
    agency_id   INTEGER PRIMARY KEY REFERENCES agencies(id),
    stamp       INTEGER NOT NULL
);

-- What the dashboard shows of a version, derived by the web layer from the
-- report the first time it is needed and kept across restarts and
-- instances: the findings (against the previous year's version and the
-- agency's kind named in basis), tables 三 and 四 as numbers. Valid while
-- updated_at and basis match; a derived cache, not audited.
CREATE TABLE report_checks (
    report_id   INTEGER PRIMARY KEY REFERENCES annual_reports(id),
    updated_at  INTEGER NOT NULL,
    basis       TEXT NOT NULL,
    errors      INTEGER NOT NULL,
    warnings    INTEGER NOT NULL,
    carry_over  INTEGER NOT NULL,
    template    TEXT NOT NULL,
    received    INTEGER NOT NULL,
    concluded   INTEGER NOT NULL,
    table3      TEXT NOT NULL,
    table4      TEXT NOT NULL
);
