-- The audit log, the profiles that sign it, and the review workflow.

-- Append-only, hash-chained, signed events. `seq` is assigned by the writer
-- inside a BEGIN IMMEDIATE transaction (MAX(seq) + 1), so it has no gaps; the
-- hash covers seq, so reordering rows is detectable.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX events_by_time ON events (time);
CREATE INDEX events_by_subject ON events (subject);
-- Nothing in Clearpost updates or deletes an event; the triggers make any
-- attempt (a bug, or a casual edit with a SQLite browser) fail loudly. A
-- determined attacker can drop them: `audit verify` catches what follows.
CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END;
CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END;

-- Local users (with their sealed private key) and trusted remote users
-- (public key only, sealed_key NULL). The current public key is also in the
-- log (profile.created / profile.key_changed / profile.trusted events).
CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('author', 'reviewer', 'admin')),
    public_key TEXT NOT NULL,
    sealed_key TEXT,
    created_at TEXT NOT NULL
);

-- Small mutable settings: the current profile, the number of approvers.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Working drafts: mutable; every change of state is also an event.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    attachments TEXT NOT NULL,
    findings TEXT NOT NULL,
    overrides TEXT NOT NULL,
    state TEXT NOT NULL,
    submission TEXT,
    updated_at TEXT NOT NULL
);

-- Frozen submissions: `body` is the canonical JSON whose SHA-256 is `hash`.
CREATE TABLE submissions (
    hash TEXT PRIMARY KEY,
    draft_id TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TRIGGER submissions_refuse_update BEFORE UPDATE ON submissions
BEGIN SELECT RAISE(ABORT, 'submissions are frozen: UPDATE refused'); END;
CREATE TRIGGER submissions_refuse_delete BEFORE DELETE ON submissions
BEGIN SELECT RAISE(ABORT, 'submissions are frozen: DELETE refused'); END;

-- Signed reviewer decisions (approve/reject), local or imported from a file.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    submission TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('approve', 'reject')),
    body TEXT NOT NULL,
    event_seq INTEGER NOT NULL
);
CREATE INDEX decisions_by_submission ON decisions (submission);
CREATE TRIGGER decisions_refuse_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are final: UPDATE refused'); END;
CREATE TRIGGER decisions_refuse_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are final: DELETE refused'); END;

INSERT INTO schema_version (version, description)
VALUES (2, 'audit events, profiles, drafts, submissions, decisions');
