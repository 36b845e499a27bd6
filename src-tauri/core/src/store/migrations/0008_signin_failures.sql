-- Wrong passwords in a row per user (sign-in and unlock), and the instant (UTC ms) of the last:
-- past a few, the next try waits a growing delay. A right password sets the count back to 0.
ALTER TABLE users ADD COLUMN failed_signins INTEGER NOT NULL DEFAULT 0 CHECK (failed_signins >= 0);
ALTER TABLE users ADD COLUMN last_failed_signin_at INTEGER;

-- The same count for logins that name no user, so that the delay does not tell a guesser which
-- logins exist. A login is kept only as a salted SHA-256 (a password typed into the login box
-- is not stored readable); rows a day old are dropped as new ones come.
CREATE TABLE signin_unknown_failures (
    login_key       TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO meta (key, value) VALUES ('signin_salt', lower(hex(randomblob(16))));
