-- Schema 10 of the shared store: the day the deadline watcher said an improvement item was
-- overdue, as the desk's SQLite schema 16 has it.
ALTER TABLE improvements ADD COLUMN overdue_alerted_on TEXT;
