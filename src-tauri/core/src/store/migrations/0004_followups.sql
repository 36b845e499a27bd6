-- Schema 4: follow-up calls (回访). A task for each follow-up a case needs (the first after every
-- response; further ones after closing a complex case), each attempt on it, the desk's call
-- scripts, and two case marks: complex (further follow-ups) and repeat complainant.
ALTER TABLE cases ADD COLUMN followup_complex INTEGER NOT NULL DEFAULT 0 CHECK (followup_complex IN (0, 1));
ALTER TABLE cases ADD COLUMN repeat_complainant INTEGER NOT NULL DEFAULT 0 CHECK (repeat_complainant IN (0, 1));
CREATE INDEX cases_id_number ON cases (customer_id_number) WHERE customer_id_number IS NOT NULL;

CREATE TABLE followup_tasks (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    -- 1: after a response; 2 and on: further follow-ups of a complex case after closing.
    round           INTEGER NOT NULL CHECK (round >= 1),
    due_at          INTEGER NOT NULL,
    -- When the next call is due: due_at at first, then the retry time after an unanswered call.
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL CHECK (state IN ('open', 'exhausted', 'done', 'reopened', 'unreachable', 'cancelled')),
    created_at      INTEGER NOT NULL,
    ended_at        INTEGER
);
CREATE INDEX followup_tasks_open ON followup_tasks (state, next_attempt_at);
CREATE INDEX followup_tasks_case ON followup_tasks (case_id, id);
CREATE INDEX followup_tasks_created ON followup_tasks (created_at);

CREATE TABLE followup_attempts (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES followup_tasks(id),
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    number           INTEGER NOT NULL,
    at               INTEGER NOT NULL,
    by_user          INTEGER NOT NULL REFERENCES users(id),
    method           TEXT NOT NULL,
    reached          INTEGER NOT NULL CHECK (reached IN (0, 1)),
    duration_minutes INTEGER,
    satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    solved           INTEGER CHECK (solved IN (0, 1)),
    comment          TEXT,
    suggestion       TEXT,
    outcome          TEXT NOT NULL CHECK (outcome IN ('satisfied', 'unsatisfied', 'retry', 'exhausted'))
);
CREATE INDEX followup_attempts_at ON followup_attempts (at);
CREATE INDEX followup_attempts_task ON followup_attempts (task_id, id);

-- Call scripts an admin changed ('' is the profile's default script); the shipped ones are data.
CREATE TABLE followup_scripts (
    category   TEXT PRIMARY KEY,
    text       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id)
) WITHOUT ROWID;
