-- Sign-in: each user's password as an Argon2id PHC string. NULL: no password set yet (a user
-- from an older database), who cannot sign in until an admin sets one.
ALTER TABLE users ADD COLUMN password_hash TEXT;
