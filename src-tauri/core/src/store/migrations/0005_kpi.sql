-- Schema 5: what the dashboard counts. Whether the (last) decision met its deadline, stamped when
-- it is sent; the sites and departments the KPIs filter by; training sessions and who attended.
ALTER TABLE cases ADD COLUMN responded_on_time INTEGER CHECK (responded_on_time IN (0, 1));
CREATE INDEX cases_project_received ON cases (project, received_at) WHERE project IS NOT NULL;
CREATE INDEX cases_department_received ON cases (department, received_at) WHERE department IS NOT NULL;

CREATE TABLE training_sessions (
    id         INTEGER PRIMARY KEY,
    held_on    TEXT NOT NULL,           -- YYYY-MM-DD in the desk's zone
    topic      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id)
);
CREATE TABLE training_attendees (
    session_id INTEGER NOT NULL REFERENCES training_sessions(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;

-- The dashboard asks, for every case of a period, whether it was ever reopened and what its
-- follow-up calls found.
CREATE INDEX events_reopen ON events (case_id) WHERE kind = 'transition' AND action = 'reopen';
CREATE INDEX followup_attempts_case ON followup_attempts (case_id);
