-- Undoes 0004: currencies, rates and settings go (every asset is in EUR again).
DROP TABLE currency_days;
DROP TABLE settings;
DROP TABLE exchange_rates;
DROP TABLE asset_details;
