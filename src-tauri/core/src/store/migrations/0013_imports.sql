-- Schema 13: past complaints taken in from a file (导入历史投诉). Each import is one row (its
-- file's content hash refuses the same file twice unless asked); each case it made keeps the
-- row it came from, the fields the file did not have (信息不全), and the file's columns that map
-- to no field of ours (原始数据), as JSON.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    imported_at INTEGER NOT NULL,
    imported_by INTEGER NOT NULL REFERENCES users(id),
    imported    INTEGER NOT NULL,
    refused     INTEGER NOT NULL
);
CREATE INDEX imports_sha256 ON imports (sha256);

CREATE TABLE case_imports (
    case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
    import_id  INTEGER NOT NULL REFERENCES imports(id),
    row_number INTEGER NOT NULL,
    missing    TEXT NOT NULL DEFAULT '[]',
    original   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_imports_import ON case_imports (import_id, row_number);
