-- Derived (kept by the write gate, rebuilt from asset_days and currency_days when missing or
-- outdated): the chart's numbers, stored. On every day something happened to an asset or to a
-- rate in use, the total of each series of each breakdown (net worth; by group, type and
-- top-level category), so switching the chart reads a few rows per point drawn instead of
-- valuing every asset on every point. No foreign key: undoing a change never trips over it.
CREATE TABLE series_days (
  -- 'total', 'group', 'type' or 'category'.
  breakdown TEXT NOT NULL,
  day       TEXT NOT NULL,
  -- The series: 'total', a group, an asset type's id, a top-level category's id ('' for none).
  key       TEXT NOT NULL,
  -- Σ what its assets held that day count for, in the base currency; liabilities negative.
  total     TEXT NOT NULL,
  -- How many of its assets are held that day, and how many of them have no rate yet (left out).
  held      INTEGER NOT NULL,
  missing   INTEGER NOT NULL,
  PRIMARY KEY (breakdown, day, key)
) WITHOUT ROWID;
