-- PostgreSQL schema 2: the bytes of attachments and the letterhead's logo, kept in the store so
-- every desk of the team reads the same files. Keyed by their SHA-256 (hex), so the same file is
-- kept once; the rows of `attachments` and the `logo` setting name them by that hash.
CREATE TABLE files (
    sha256   TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    bytes    BYTEA NOT NULL,
    added_at BIGINT NOT NULL
);
