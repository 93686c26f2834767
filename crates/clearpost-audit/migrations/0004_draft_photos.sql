-- The photos of a draft while it is being worked on: the original (kept in the
-- local content store so its boxes can be edited again; the user's own file is
-- never touched), the boxes to cover, the metadata report and, once saved, the
-- sanitised copy that becomes the draft's attachment.
CREATE TABLE draft_photos (
    id TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    original_sha256 TEXT NOT NULL,
    -- NULL until saved, and again after the boxes change (the saved copy no
    -- longer matches them).
    sanitised_sha256 TEXT,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    -- JSON array of boxes in pixels of the upright (EXIF-oriented) picture.
    boxes TEXT NOT NULL,
    -- JSON of the metadata report of the original.
    metadata TEXT NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX draft_photos_by_draft ON draft_photos (draft_id, position);
INSERT INTO schema_version (version, description) VALUES (4, 'draft photos');
