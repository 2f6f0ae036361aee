-- Undoes 0005: the chart computes its numbers from asset_days again.
DROP TABLE series_days;
DELETE FROM derived_versions WHERE name = 'series';
