-- Sync between devices (db/worker/sync/): the app's own bookkeeping, like change_log. Never
-- part of a JSON backup, never recorded for undo, never synced itself. A database that is not
-- part of a sync group has no row in sync_state.
CREATE TABLE sync_state (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  -- The group of devices this database keeps in step with (random, made by its first device).
  group_id    TEXT NOT NULL,
  -- This database as a device of the group (random, made when it set up or joined).
  device_id   TEXT NOT NULL,
  device_name TEXT NOT NULL,
  paused      INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  -- The hybrid logical clock: the last time given to a change made or applied here.
  clock       TEXT NOT NULL,
  -- What the last sync brought in (JSON), for the Sync panel.
  last_report TEXT CHECK (last_report IS NULL OR json_valid(last_report))
);

-- Every device of the group this database knows (itself included).
CREATE TABLE sync_devices (
  id           TEXT NOT NULL PRIMARY KEY,
  name         TEXT NOT NULL,
  -- The highest number of its changes applied here (for this device: made here).
  applied      INTEGER NOT NULL DEFAULT 0,
  last_sync_at TEXT
);

-- Every change this database knows, with its clock: made here (to be written to the folder) or
-- applied from another device. The clocks decide which write of a field wins; the changesets
-- travel in snapshots, so that a device joining later decides the same way.
CREATE TABLE sync_changes (
  device_id TEXT NOT NULL,
  seq       INTEGER NOT NULL CHECK (seq > 0),
  clock     TEXT NOT NULL,
  changeset BLOB NOT NULL,
  -- For this device's own changes: 1 once written to the folder.
  written   INTEGER NOT NULL DEFAULT 0 CHECK (written IN (0, 1)),
  PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
CREATE INDEX sync_changes_by_clock ON sync_changes (clock);

-- Two devices wrote the same field (or one deleted a row the other changed) without knowing of
-- each other: both values and the winner, until the user has looked.
CREATE TABLE sync_conflicts (
  id          INTEGER NOT NULL PRIMARY KEY,
  found_at    TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  table_name  TEXT NOT NULL,
  -- The row's primary key (JSON object).
  row_key     TEXT NOT NULL CHECK (json_valid(row_key)),
  -- NULL: the whole row (a deletion).
  column_name TEXT,
  -- The values as JSON (null: the row is deleted there).
  here        TEXT CHECK (here IS NULL OR json_valid(here)),
  there       TEXT CHECK (there IS NULL OR json_valid(there)),
  winner      TEXT NOT NULL CHECK (winner IN ('here', 'there')),
  settled     INTEGER NOT NULL DEFAULT 0 CHECK (settled IN (0, 1))
);

-- Rows renamed because another device gave a row the same unique name ("liquid (Phone)"): the
-- name each wanted, given back once it is free, so every device ends with the same names
-- whatever order the changes came in.
CREATE TABLE sync_renames (
  table_name TEXT NOT NULL,
  row_key    TEXT NOT NULL CHECK (json_valid(row_key)),
  wanted     TEXT NOT NULL,
  given      TEXT NOT NULL,
  -- When the row was made: the earliest one waiting gets the name first.
  clock      TEXT NOT NULL,
  PRIMARY KEY (table_name, row_key)
) WITHOUT ROWID;
