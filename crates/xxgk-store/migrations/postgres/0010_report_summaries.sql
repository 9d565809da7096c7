-- Scale: the metadata of every report version in a narrow table of its own
-- (kept by triggers in the same transaction as the version, so lists, year
-- pages and dashboards never read the large JSON columns), and change stamps
-- that let caches know cheaply whether what they were built from changed:
-- one for the agency tree, one per agency for the reports of its subtree.

CREATE TABLE report_summaries (
    report_id       BIGINT PRIMARY KEY REFERENCES annual_reports(id),
    agency_id       BIGINT NOT NULL REFERENCES agencies(id),
    year            BIGINT NOT NULL,
    version         BIGINT NOT NULL,
    state           TEXT NOT NULL,
    source_name     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    submitted_at    BIGINT,
    approved_at     BIGINT,
    published_at    BIGINT,
    superseded_at   BIGINT
);
CREATE INDEX report_summaries_year ON report_summaries(year, agency_id, version);
CREATE INDEX report_summaries_agency ON report_summaries(agency_id, year, version);

INSERT INTO report_summaries
SELECT id, agency_id, year, version, state, source_name, created_at, updated_at, submitted_at, approved_at,
       published_at, superseded_at
FROM annual_reports;

CREATE FUNCTION report_summaries_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_summaries VALUES (NEW.id, NEW.agency_id, NEW.year, NEW.version, NEW.state, NEW.source_name,
        NEW.created_at, NEW.updated_at, NEW.submitted_at, NEW.approved_at, NEW.published_at, NEW.superseded_at)
    ON CONFLICT (report_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, year = EXCLUDED.year,
        version = EXCLUDED.version, state = EXCLUDED.state, source_name = EXCLUDED.source_name,
        created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at,
        approved_at = EXCLUDED.approved_at, published_at = EXCLUDED.published_at,
        superseded_at = EXCLUDED.superseded_at;
    RETURN NULL;
END;
$$;

CREATE TRIGGER report_summaries_sync AFTER INSERT OR UPDATE ON annual_reports
    FOR EACH ROW EXECUTE FUNCTION report_summaries_sync();

-- name: 'agencies' (any agency row inserted or changed).
CREATE TABLE change_stamps (
    name    TEXT PRIMARY KEY,
    stamp   BIGINT NOT NULL
);
INSERT INTO change_stamps VALUES ('agencies', 1);

CREATE FUNCTION agencies_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_stamps SET stamp = stamp + 1 WHERE name = 'agencies';
    RETURN NULL;
END;
$$;

CREATE TRIGGER agencies_stamp AFTER INSERT OR UPDATE ON agencies
    FOR EACH STATEMENT EXECUTE FUNCTION agencies_stamp();

-- Per agency: bumped (by the store, in the write's transaction) for the
-- agency and every ancestor whenever a report version of it changes.
CREATE TABLE subtree_stamps (
    agency_id   BIGINT PRIMARY KEY REFERENCES agencies(id),
    stamp       BIGINT NOT NULL
);

-- What the dashboard shows of a version, derived by the web layer from the
-- report the first time it is needed and kept across restarts and
-- instances: the findings (against the previous year's version and the
-- agency's kind named in basis), tables 三 and 四 as numbers. Valid while
-- updated_at and basis match; a derived cache, not audited.
CREATE TABLE report_checks (
    report_id   BIGINT PRIMARY KEY REFERENCES annual_reports(id),
    updated_at  BIGINT NOT NULL,
    basis       TEXT NOT NULL,
    errors      BIGINT NOT NULL,
    warnings    BIGINT NOT NULL,
    carry_over  BIGINT NOT NULL,
    template    TEXT NOT NULL,
    received    BIGINT NOT NULL,
    concluded   BIGINT NOT NULL,
    table3      TEXT NOT NULL,
    table4      TEXT NOT NULL
);
