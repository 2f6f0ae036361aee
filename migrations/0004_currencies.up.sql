-- Several currencies, converted with exchange rates (the rules: README "Net worth"). New facts
-- in new tables, never new columns on the original's nine (Strata 1.2 must keep restoring our
-- backups): an asset's currency, the rates, and the database's own settings.

-- The currency of an asset: its valuations, unit prices and transactions are in it. An asset
-- without a row (from the original's files) is in EUR.
CREATE TABLE asset_details (
  asset_id TEXT NOT NULL PRIMARY KEY
    REFERENCES assets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]')
);

-- What one unit of `base` was worth in `quote` on a day: 1 EUR = 1.08 USD is
-- (day, 'EUR', 'USD', '1.08'). Exact decimal text, always above zero.
CREATE TABLE exchange_rates (
  day   TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  base  TEXT NOT NULL CHECK (base GLOB '[A-Z][A-Z][A-Z]'),
  quote TEXT NOT NULL CHECK (quote GLOB '[A-Z][A-Z][A-Z]' AND quote <> base),
  rate  TEXT NOT NULL
    CHECK (typeof(rate) = 'text' AND rate GLOB '*[1-9]*' AND rate NOT GLOB '*[^0-9.]*'
      AND rate NOT GLOB '*.*.*' AND rate NOT GLOB '.*' AND rate NOT GLOB '*.'),
  PRIMARY KEY (base, quote, day)
) WITHOUT ROWID;

-- This database's settings (the base currency every total is converted into): data, kept in
-- its backups, changed through the write gate like any other row.
CREATE TABLE settings (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);

-- Derived (kept by the write gate): for each currency in use other than the base, the factor
-- that converts it into the base from each day on (num ÷ den), and the day of the latest rate it
-- comes from. No row on or before a day: no rate yet, and the value is not counted.
CREATE TABLE currency_days (
  currency  TEXT NOT NULL,
  day       TEXT NOT NULL,
  num       TEXT NOT NULL,
  den       TEXT NOT NULL,
  rate_day  TEXT NOT NULL,
  -- 'direct' (a rate between the two), or 'EUR' (through the euro).
  via       TEXT NOT NULL,
  PRIMARY KEY (currency, day)
) WITHOUT ROWID;
