-- Schema 14: improvement items (整改事项, SPEC §7a): a root cause found behind complaints, the
-- action taken against it, its owner and due date, and the cases it covers. The category and
-- site say where its effect is checked (the complaints there before and after it was done).
-- Every change is an event on each linked case, so the audit chain holds it.
CREATE TABLE improvements (
    id          INTEGER PRIMARY KEY,
    cause       TEXT NOT NULL,
    cause_note  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES users(id),
    due_on      TEXT NOT NULL,           -- YYYY-MM-DD, the desk's day
    status      TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'verified', 'ineffective')),
    category    TEXT,
    project     TEXT,
    done_on     TEXT,
    check_note  TEXT NOT NULL DEFAULT '',
    opened_by   INTEGER NOT NULL REFERENCES users(id),
    opened_at   INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX improvements_owner ON improvements (owner_id, status, due_on);
CREATE INDEX improvements_status ON improvements (status, due_on);

CREATE TABLE improvement_cases (
    improvement_id INTEGER NOT NULL REFERENCES improvements(id),
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (improvement_id, case_id)
);
CREATE INDEX improvement_cases_case ON improvement_cases (case_id);
