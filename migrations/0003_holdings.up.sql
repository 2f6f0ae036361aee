-- Holdings from transactions, unit prices, cost basis and gains (the rules: README "Net worth").
-- New facts live in new tables, never as new columns of the original's nine: a backup of ours
-- must keep restoring into Strata 1.2, which refuses a row with a field it does not know.

-- Which asset types are valued per unit (stocks, crypto, bonds, and any the user marks so). A
-- type without a row takes its default: per unit for STOCKS, CRYPTO and BONDS.
CREATE TABLE asset_type_units (
  asset_type_id TEXT NOT NULL PRIMARY KEY
    REFERENCES asset_types (id) ON DELETE CASCADE ON UPDATE CASCADE,
  per_unit      INTEGER NOT NULL CHECK (per_unit IN (0, 1))
);

-- A valuation entered as a price per unit: it counts × the quantity held on each day after it.
-- Its asset_snapshots row keeps the value of the whole asset that day (what Strata 1.2 reads).
CREATE TABLE valuation_prices (
  asset_snapshot_id TEXT NOT NULL PRIMARY KEY
    REFERENCES asset_snapshots (id) ON DELETE CASCADE ON UPDATE CASCADE,
  unit_price        TEXT NOT NULL
    CHECK (typeof(unit_price) = 'text' AND unit_price GLOB '*[0-9]'
      AND unit_price NOT GLOB '*[^0-9.-]*' AND unit_price NOT GLOB '?*-*'
      AND unit_price NOT GLOB '*.*.*' AND unit_price NOT GLOB '.*' AND unit_price NOT GLOB '-.*')
);

-- Derived (kept by the write gate, rebuilt from the rows above when missing or outdated): each
-- asset's state at the end of every day something happened to it. Net worth, the lists and the
-- charts all read their numbers here. No foreign key on purpose: undoing a change must never
-- trip over a derived row; the gate removes the rows of an asset that is gone.
CREATE TABLE asset_days (
  asset_id TEXT NOT NULL,
  day      TEXT NOT NULL,
  quantity TEXT NOT NULL,
  -- What the asset counts for (positive for a liability too); NULL while it is not held.
  value    TEXT,
  -- The unit price in effect, when the value comes from one.
  price    TEXT,
  -- Cost basis, Σ paid for every buy, realised gains so far (NULL without transactions).
  cost     TEXT,
  invested TEXT,
  realised TEXT,
  PRIMARY KEY (asset_id, day)
) WITHOUT ROWID;

-- Derived: what each sale brought in, what the units sold had cost, and the gain it realised.
CREATE TABLE sale_results (
  transaction_id TEXT NOT NULL PRIMARY KEY,
  asset_id       TEXT NOT NULL,
  proceeds       TEXT NOT NULL,
  cost           TEXT NOT NULL,
  gain           TEXT NOT NULL
) WITHOUT ROWID;

-- Which version of the rules each derived table was computed by: rebuilt when it differs.
CREATE TABLE derived_versions (
  name    TEXT NOT NULL PRIMARY KEY,
  version INTEGER NOT NULL
);
