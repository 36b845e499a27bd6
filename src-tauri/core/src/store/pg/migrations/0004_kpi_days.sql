-- Schema 4 of the shared store: what a year's KPIs read without reading every case. Each case keeps its own
-- follow-up counts and whether it was ever reopened (kept by triggers, see store::rollup), and
-- the per-day sums `kpi_days` with their triggers are made from store::rollup's declaration
-- right after this script.
ALTER TABLE cases ADD COLUMN reopened BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_tasks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_completed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_reopened BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_reached BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_s1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_s2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_s3 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_s4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fu_s5 BIGINT NOT NULL DEFAULT 0;

-- The figures the sums cannot hold, each read off an index of the period's cases: how long
-- acceptance took (median, P90, on target: the setting may change) and the distinct phones of
-- repeat complainants.
CREATE INDEX cases_kpi_accept ON cases (kind, received_at, accepted_at, handler_id) WHERE accepted_at IS NOT NULL;
CREATE INDEX cases_kpi_repeat ON cases (kind, received_at, customer_phone) WHERE repeat_complainant = 1;
