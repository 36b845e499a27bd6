-- Schema 15: follow-up campaigns (集中回访, SPEC §6 and §7a): a set of cases called back
-- together with a script over a period, perhaps for an improvement item, and one call per case,
-- apart from the case's own follow-up tasks. A customer who says the problem is back gets a new
-- case (new_case_id). Every call is an event on its case, so the audit chain holds it.
CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    script         TEXT NOT NULL,
    starts_on      TEXT NOT NULL,        -- YYYY-MM-DD, the desk's days
    ends_on        TEXT NOT NULL,
    improvement_id INTEGER REFERENCES improvements(id),
    status         TEXT NOT NULL CHECK (status IN ('running', 'closed')),
    result         TEXT NOT NULL DEFAULT '',
    opened_by      INTEGER NOT NULL REFERENCES users(id),
    opened_at      INTEGER NOT NULL,
    closed_at      INTEGER,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX campaigns_improvement ON campaigns (improvement_id) WHERE improvement_id IS NOT NULL;
CREATE INDEX campaigns_status ON campaigns (status, ends_on);

CREATE TABLE campaign_calls (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    state        TEXT NOT NULL CHECK (state IN ('open', 'reached', 'unreachable', 'dropped')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    method       TEXT,
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    problem_back INTEGER NOT NULL DEFAULT 0 CHECK (problem_back IN (0, 1)),
    comment      TEXT,
    new_case_id  INTEGER REFERENCES cases(id),
    called_by    INTEGER REFERENCES users(id),
    called_at    INTEGER,
    UNIQUE (campaign_id, case_id)
);
CREATE INDEX campaign_calls_open ON campaign_calls (state, campaign_id);
CREATE INDEX campaign_calls_case ON campaign_calls (case_id);
