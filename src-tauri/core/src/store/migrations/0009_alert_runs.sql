-- Schema 9: the clock runs a case's recorded alert level belongs to (`DueSummary::runs`). The
-- level (`due_warning`: 75, 90, 100 and the further breach steps 101, 102) comes down only when
-- a clock starts again or is extended, never when new rules (a holiday year, the desk's zone, a
-- service time) move the due time of the same runs: a breach step is escalated once. NULL (a
-- desk from before) takes the runs of its next look and keeps its level.
ALTER TABLE cases ADD COLUMN due_alert_runs TEXT;
