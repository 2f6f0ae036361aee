-- Undoes 0003: the unit prices and the derived tables go (the original's nine tables stay).
DROP TABLE derived_versions;
DROP TABLE sale_results;
DROP TABLE asset_days;
DROP TABLE valuation_prices;
DROP TABLE asset_type_units;
