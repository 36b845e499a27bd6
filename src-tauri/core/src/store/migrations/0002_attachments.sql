-- Schema 2: attachments, stored as files named by their SHA-256 in the data folder.
CREATE TABLE attachments (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    sha256   TEXT NOT NULL CHECK (length(sha256) = 64),
    name     TEXT NOT NULL,
    size     INTEGER NOT NULL CHECK (size >= 0),
    added_by INTEGER NOT NULL REFERENCES users(id),
    added_at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id, id);
