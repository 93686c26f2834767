-- One row per schema version; every later migration inserts its own row, so
-- MAX(version) is the schema this database holds. Rows are never updated.
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL
);
INSERT INTO schema_version (version, description) VALUES (1, 'schema version table');
