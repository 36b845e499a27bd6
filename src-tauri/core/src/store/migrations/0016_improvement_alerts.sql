-- Schema 16: the day the deadline watcher said an improvement item was overdue, so its owner
-- hears of it once (the item stays in their 我的工作 until it is done).
ALTER TABLE improvements ADD COLUMN overdue_alerted_on TEXT;
