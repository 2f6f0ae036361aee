-- Undoes 0006: this database leaves its sync group.
DROP TABLE sync_renames;
DROP TABLE sync_conflicts;
DROP TABLE sync_changes;
DROP TABLE sync_devices;
DROP TABLE sync_state;
