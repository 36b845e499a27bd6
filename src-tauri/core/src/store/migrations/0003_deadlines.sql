-- Schema 3: deadlines. Each case keeps its rule pack and a summary of its clocks, recomputed on
-- every write and by the watcher, so lists sort by due time and the watcher finds the cases whose
-- clocks change next with one index range. Imported holiday calendars are kept per year.
ALTER TABLE cases ADD COLUMN rule_pack TEXT;
ALTER TABLE cases ADD COLUMN due_at INTEGER;
ALTER TABLE cases ADD COLUMN due_state TEXT;
ALTER TABLE cases ADD COLUMN due_warning INTEGER;
ALTER TABLE cases ADD COLUMN due_estimated INTEGER;
ALTER TABLE cases ADD COLUMN next_check_at INTEGER;
CREATE INDEX cases_due ON cases (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX cases_due_state ON cases (due_state, due_at);
CREATE INDEX cases_next_check ON cases (next_check_at) WHERE next_check_at IS NOT NULL;

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    json        TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    imported_by INTEGER REFERENCES users(id)
);
