-- Undoes 0002: the change history goes (the data it described stays as it is).
DROP TABLE change_log;
