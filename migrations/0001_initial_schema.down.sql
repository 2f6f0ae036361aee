-- Undoes 0001: drops every table in reverse dependency order (their indexes go with them).
DROP TABLE asset_tags;
DROP TABLE asset_categories;
DROP TABLE transactions;
DROP TABLE portfolio_snapshots;
DROP TABLE asset_snapshots;
DROP TABLE assets;
DROP TABLE tags;
DROP TABLE categories;
DROP TABLE asset_types;
