-- The Strata v1 data model: the original's table names, snake_case columns, delete rules and
-- indexes. Decimals are TEXT in plain notation ("-250.75", never "1e5" or a float), so no value
-- is ever rounded by the engine. Timestamps are ISO 8601 UTC text with milliseconds
-- ("2025-01-15T00:00:00.000Z"): one fixed shape, so text order is time order.

CREATE TABLE asset_types (
  id      TEXT NOT NULL PRIMARY KEY,
  code    TEXT NOT NULL,
  label   TEXT NOT NULL,
  "group" TEXT NOT NULL DEFAULT 'OTHER'
    CHECK ("group" IN ('FINANCIAL', 'REAL_ESTATE', 'PERSONAL_PROPERTY', 'PHYSICAL_COLLECTIONS',
                       'LIABILITIES', 'OTHER'))
);
CREATE UNIQUE INDEX asset_types_code_key ON asset_types (code);

CREATE TABLE categories (
  id        TEXT NOT NULL PRIMARY KEY,
  name      TEXT NOT NULL,
  parent_id TEXT REFERENCES categories (id) ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX categories_name_key ON categories (name);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);

CREATE TABLE tags (
  id   TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE UNIQUE INDEX tags_name_key ON tags (name);

CREATE TABLE assets (
  id            TEXT NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  quantity      TEXT
    CHECK (quantity IS NULL OR (typeof(quantity) = 'text' AND quantity GLOB '*[0-9]'
      AND quantity NOT GLOB '*[^0-9.-]*' AND quantity NOT GLOB '?*-*'
      AND quantity NOT GLOB '*.*.*' AND quantity NOT GLOB '.*' AND quantity NOT GLOB '-.*')),
  disposed      INTEGER NOT NULL DEFAULT 0 CHECK (disposed IN (0, 1)),
  asset_type_id TEXT NOT NULL
    REFERENCES asset_types (id) ON DELETE RESTRICT ON UPDATE CASCADE,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
-- Not in the original: deleting or checking an asset type must not scan every asset.
CREATE INDEX assets_asset_type_id_idx ON assets (asset_type_id);

CREATE TABLE asset_snapshots (
  id          TEXT NOT NULL PRIMARY KEY,
  asset_id    TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  value       TEXT NOT NULL
    CHECK (typeof(value) = 'text' AND value GLOB '*[0-9]' AND value NOT GLOB '*[^0-9.-]*'
      AND value NOT GLOB '?*-*' AND value NOT GLOB '*.*.*' AND value NOT GLOB '.*'
      AND value NOT GLOB '-.*'),
  observed_at TEXT NOT NULL
    CHECK (observed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
CREATE INDEX asset_snapshots_asset_id_observed_at_idx ON asset_snapshots (asset_id, observed_at DESC);

CREATE TABLE portfolio_snapshots (
  id          TEXT NOT NULL PRIMARY KEY,
  value       TEXT NOT NULL
    CHECK (typeof(value) = 'text' AND value GLOB '*[0-9]' AND value NOT GLOB '*[^0-9.-]*'
      AND value NOT GLOB '?*-*' AND value NOT GLOB '*.*.*' AND value NOT GLOB '.*'
      AND value NOT GLOB '-.*'),
  currency    TEXT NOT NULL DEFAULT 'EUR',
  notes       TEXT,
  observed_at TEXT NOT NULL
    CHECK (observed_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
-- The original also has a plain index on observed_at: the unique one already serves its queries.
CREATE UNIQUE INDEX portfolio_snapshots_observed_at_key ON portfolio_snapshots (observed_at);

CREATE TABLE transactions (
  id          TEXT NOT NULL PRIMARY KEY,
  asset_id    TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  type        TEXT NOT NULL CHECK (type IN ('ACQUIRE', 'DISPOSE', 'ADJUST')),
  unit_price  TEXT NOT NULL
    CHECK (typeof(unit_price) = 'text' AND unit_price GLOB '*[0-9]'
      AND unit_price NOT GLOB '*[^0-9.-]*' AND unit_price NOT GLOB '?*-*'
      AND unit_price NOT GLOB '*.*.*' AND unit_price NOT GLOB '.*' AND unit_price NOT GLOB '-.*'),
  quantity    TEXT NOT NULL
    CHECK (typeof(quantity) = 'text' AND quantity GLOB '*[0-9]'
      AND quantity NOT GLOB '*[^0-9.-]*' AND quantity NOT GLOB '?*-*'
      AND quantity NOT GLOB '*.*.*' AND quantity NOT GLOB '.*' AND quantity NOT GLOB '-.*'),
  currency    TEXT NOT NULL DEFAULT 'EUR',
  occurred_at TEXT NOT NULL
    CHECK (occurred_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
CREATE INDEX transactions_asset_id_occurred_at_idx ON transactions (asset_id, occurred_at DESC);

CREATE TABLE asset_categories (
  asset_id    TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  category_id TEXT NOT NULL REFERENCES categories (id) ON DELETE CASCADE ON UPDATE CASCADE,
  PRIMARY KEY (asset_id, category_id)
);
CREATE INDEX asset_categories_category_id_idx ON asset_categories (category_id);

CREATE TABLE asset_tags (
  asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  tag_id   TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE ON UPDATE CASCADE,
  PRIMARY KEY (asset_id, tag_id)
);
CREATE INDEX asset_tags_tag_id_idx ON asset_tags (tag_id);
