-- A batch queue safe with any number of server instances on one database.
-- A file being read is held by a lease: the claiming instance's id and an
-- expiry the holder renews while it reads. An expired lease may be taken by
-- any instance; `attempts` counts claims, so a file whose worker died
-- again and again is failed instead of retried forever. Stored bytes may be
-- compressed (`content_codec`). Times are Unix milliseconds (UTC).

ALTER TABLE batch_files ADD COLUMN lease_owner TEXT;
ALTER TABLE batch_files ADD COLUMN lease_until INTEGER;
ALTER TABLE batch_files ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_files ADD COLUMN content_codec TEXT NOT NULL DEFAULT 'raw' CHECK (content_codec IN ('raw', 'gzip'));

-- A confirmation being filed under the old scheme (its bytes already
-- dropped) waits for the supervisor again; confirmations no longer pass
-- through 'working'.
UPDATE batch_files SET state = 'confirm' WHERE state = 'working' AND content IS NULL;
