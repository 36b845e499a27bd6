-- Schema 6: the event log becomes a hash chain (domain::audit). Each event stores the hash of
-- the event before it (`prev_hash`) and its own `hash` over its stored fields and `prev_hash`.
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;

-- The events already there are chained by Rust right after this script, in the same transaction
-- (SQL has no SHA-256): store::events::chain_existing. The append-only trigger would refuse that
-- UPDATE, so it is dropped here and re-created by chain_existing before the transaction commits;
-- no other connection can write in between (BEGIN IMMEDIATE), and a failure rolls all of it back.
DROP TRIGGER events_no_update;
