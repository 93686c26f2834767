-- The app's working copy of each draft: what the author sees and autosaves on
-- every keystroke. The `drafts` row (and its events) changes only when the
-- content must be on the record: at submission, or when a draft under review
-- is edited (which voids its submission or approval). Mutable, no events.
CREATE TABLE draft_workspace (
    draft_id TEXT PRIMARY KEY REFERENCES drafts (id),
    title TEXT NOT NULL,
    -- The live Markdown text.
    text TEXT NOT NULL,
    -- JSON list of AttachmentRef {sha256, name}.
    attachments TEXT NOT NULL DEFAULT '[]',
    -- JSON list of the author's overrides {category, text, reason, author, time}.
    overrides TEXT NOT NULL DEFAULT '[]',
    -- JSON list of phrases the author allowed for this draft only.
    allow_list TEXT NOT NULL DEFAULT '[]',
    -- Set while the draft is in the trash (UTC); NULL otherwise.
    trashed_at TEXT,
    -- Last autosave (UTC).
    saved_at TEXT NOT NULL
);
CREATE INDEX draft_workspace_by_trashed ON draft_workspace (trashed_at);

INSERT INTO schema_version (version, description)
VALUES (3, 'draft working copies (title, live text, overrides, trash)');
