-- Schema 1: users, cases, the append-only event log and the Chinese search index.
-- Times are UTC milliseconds since the epoch. Money is in fen (cents).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    login        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    department   TEXT,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   INTEGER NOT NULL
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

CREATE TABLE case_counters (
    prefix TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
) WITHOUT ROWID;

CREATE TABLE cases (
    id                    INTEGER PRIMARY KEY,
    number                TEXT NOT NULL UNIQUE,
    kind                  TEXT NOT NULL CHECK (kind IN ('complaint', 'feedback')),
    profile               TEXT NOT NULL CHECK (profile IN ('property', 'insurance')),
    status                TEXT NOT NULL,
    escalation            INTEGER NOT NULL DEFAULT 0 CHECK (escalation BETWEEN 0 AND 3),
    customer_name         TEXT,
    customer_phone        TEXT,
    customer_id_number    TEXT,
    customer_org          TEXT,
    channel               TEXT NOT NULL,
    regulator_name        TEXT,
    regulator_received_at INTEGER,
    received_at           INTEGER NOT NULL,
    registered_at         INTEGER NOT NULL,
    registered_by         INTEGER NOT NULL REFERENCES users(id),
    subject               TEXT NOT NULL,
    description           TEXT NOT NULL,
    claim                 TEXT NOT NULL,
    claim_detail          TEXT,
    category              TEXT NOT NULL,
    subcategory           TEXT,
    severity              TEXT NOT NULL,
    urgency               TEXT NOT NULL,
    mood                  TEXT NOT NULL,
    business_line         TEXT,
    product               TEXT,
    policy_number         TEXT,
    cause_channel         TEXT,
    cause_business        TEXT,
    cause_reason          TEXT,
    project               TEXT,
    building              TEXT,
    unit                  TEXT,
    referral              TEXT,
    staff_user_id         INTEGER REFERENCES users(id),
    staff_name            TEXT,
    department            TEXT,
    handler_id            INTEGER REFERENCES users(id),
    facts                 TEXT,
    decision_basis        TEXT,
    outcome               TEXT,
    remedy                TEXT,
    compensation_cents    INTEGER,
    staff_minutes         INTEGER,
    root_cause_code       TEXT,
    root_cause_text       TEXT,
    improvement           TEXT,
    satisfaction          INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    solved                INTEGER CHECK (solved IN (0, 1)),
    accepted_at           INTEGER,
    assigned_at           INTEGER,
    responded_at          INTEGER,
    closed_at             INTEGER,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
);

-- The list's filters each lead an index ending in received_at, so a filtered page is an index range.
CREATE INDEX cases_received ON cases (received_at);
CREATE INDEX cases_updated ON cases (updated_at);
CREATE INDEX cases_status_received ON cases (status, received_at);
CREATE INDEX cases_category_received ON cases (category, received_at);
CREATE INDEX cases_channel_received ON cases (channel, received_at);
CREATE INDEX cases_handler_status ON cases (handler_id, status, received_at);
CREATE INDEX cases_registered_by ON cases (registered_by, received_at);
CREATE INDEX cases_phone ON cases (customer_phone) WHERE customer_phone IS NOT NULL;
CREATE INDEX cases_escalation ON cases (escalation, received_at) WHERE escalation > 0;

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_role  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    action      TEXT,
    from_status TEXT,
    to_status   TEXT,
    before_json TEXT,
    after_json  TEXT,
    details_json TEXT,
    note        TEXT,
    internal    INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1))
);
CREATE INDEX events_case ON events (case_id, id);

-- The event log is append-only.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Chinese full-text search: CJK text is indexed as overlapping bigrams (see store::search).
CREATE VIRTUAL TABLE case_search USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61');
