-- The change history behind Undo: one row per change made through the worker's write gate,
-- newest last. `changeset` is SQLite's own record of the rows the change touched (the session
-- extension); undoing applies its inverse. Changes that replace the whole database (imports,
-- restores, erase, demo reset) have no changeset: they are undone by restoring the copy kept
-- before them (`restore_point_id`). Not part of a JSON backup; bounded by the app.
CREATE TABLE change_log (
  id               INTEGER NOT NULL PRIMARY KEY,
  made_at          TEXT NOT NULL
    CHECK (made_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
  kind             TEXT NOT NULL CHECK (kind IN ('change', 'undo', 'redo')),
  -- What the change did, as JSON data ({"what":"valuation","verb":"added",…}); the page words it.
  summary          TEXT NOT NULL CHECK (json_valid(summary)),
  changeset        BLOB,
  restore_point_id TEXT,
  -- The entry this one undid (for undo and redo entries).
  reverts          INTEGER REFERENCES change_log (id) ON DELETE SET NULL,
  -- The entry that undid this one: each entry is undone at most once.
  undone_by        INTEGER REFERENCES change_log (id) ON DELETE SET NULL,
  CHECK ((changeset IS NULL) <> (restore_point_id IS NULL))
);
