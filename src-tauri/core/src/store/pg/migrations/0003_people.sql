-- PostgreSQL schema 3: each person signs in as their own role, and the store refuses what no
-- role of theirs may do, also to someone at `psql` with that person's password
-- (store::pg::people; ARCHITECTURE.md § Team mode has the table of what is enforced where).
--
-- Roles are named after the database, so two stores on one server never share one:
--   <db>:staff                      what every person may do (read; the case work's writes)
--   <db>:clerk, <db>:handler, …     the app's roles, each a member of <db>:staff
--   <db>_<login>                    a person (LOGIN), a member of their app roles' groups
-- The store's owner (who ran `db init`) needs CREATEROLE to make them.

-- Branches: a person sees the cases of their branch ('' = every branch of the store).
ALTER TABLE users ADD COLUMN branch TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN branch TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_branch ON cases (branch) WHERE branch <> '';

-- The branch of the person signed in; NULL for a session that is not a person of this store
-- (it sees no branch's cases unless it owns the tables).
CREATE FUNCTION complaintdesk_branch() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT branch FROM users WHERE current_database() || '_' || lower(login) = session_user AND active = 1
$$;
ALTER TABLE cases ALTER COLUMN branch SET DEFAULT coalesce(complaintdesk_branch(), '');

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY cases_of_my_branch ON cases
    USING ((SELECT complaintdesk_branch()) = '' OR branch = (SELECT complaintdesk_branch()));
-- What belongs to a case is seen (and written) with its case.
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_of_my_cases ON events USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = events.case_id));
-- The search index holds the cases' words: no person reads it. Searching goes through the
-- owner's function, which answers with the ids of the cases the person may see. (A policy on the
-- index would be checked row by row before the search operator, which is not leakproof: a text
-- search as a person took 40 times as long.)
CREATE FUNCTION complaintdesk_search(q TSQUERY) RETURNS SETOF BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH me AS (
        SELECT coalesce(
            complaintdesk_branch(),
            -- Not a person: the owner and the superuser see every branch, anyone else none.
            CASE WHEN pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.cases'::regclass), 'MEMBER') THEN '' END
        ) AS branch
    )
    SELECT s.case_id FROM case_search s, me
    WHERE s.body @@ q
      AND (me.branch = '' OR EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id AND c.branch = me.branch))
$$;
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY attachments_of_my_cases ON attachments USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = attachments.case_id));
ALTER TABLE followup_tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY followup_tasks_of_my_cases ON followup_tasks USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = followup_tasks.case_id));
ALTER TABLE followup_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY followup_attempts_of_my_cases ON followup_attempts USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = followup_attempts.case_id));

-- The lifecycle's moves (filled from core/data/lifecycle.toml when this schema is made): a
-- person's role may set a case's status only along a transition one of their app roles may
-- take. from_status '' is a new case; role 'system' is a step the app takes itself inside a
-- person's step (any person).
CREATE TABLE lifecycle_moves (
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    role        TEXT NOT NULL,
    PRIMARY KEY (from_status, to_status, role)
);

CREATE FUNCTION complaintdesk_move_allowed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was TEXT := CASE WHEN TG_OP = 'INSERT' THEN '' ELSE OLD.status END;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    -- Only people are held to it: not the owner moving a desk in (not a member of staff), nor
    -- the server's superuser.
    IF NOT pg_has_role(current_user, current_database() || ':staff', 'MEMBER')
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NEW;
    END IF;
    IF EXISTS (
        SELECT 1 FROM lifecycle_moves m
        WHERE m.from_status = was AND m.to_status = NEW.status
          AND (m.role = 'system' OR pg_has_role(current_user, current_database() || ':' || m.role, 'MEMBER'))
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'role % may not move a case from "%" to "%"', current_user, was, NEW.status
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER cases_lifecycle BEFORE INSERT OR UPDATE OF status ON cases
    FOR EACH ROW EXECUTE FUNCTION complaintdesk_move_allowed();

-- A person's role follows their user (store::pg::people::set_person), run by an admin's role.
CREATE FUNCTION complaintdesk_set_person(old_login TEXT, login TEXT, verifier TEXT, roles TEXT, active BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
    db TEXT := current_database();
    person TEXT := current_database() || '_' || lower(login);
    was TEXT := current_database() || '_' || lower(coalesce(old_login, login));
    wanted TEXT[] := string_to_array(roles, ',');
    r TEXT;
BEGIN
    IF was <> person AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = was) THEN
        EXECUTE format('ALTER ROLE %I RENAME TO %I', was, person);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = person) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', person);
    END IF;
    IF verifier IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', person, verifier);
    END IF;
    FOREACH r IN ARRAY ARRAY['clerk', 'handler', 'supervisor', 'followup', 'compliance', 'admin'] LOOP
        IF r = ANY (wanted) THEN
            EXECUTE format('GRANT %I TO %I', db || ':' || r, person);
        ELSIF pg_has_role(person, db || ':' || r, 'MEMBER') THEN
            EXECUTE format('REVOKE %I FROM %I', db || ':' || r, person);
        END IF;
    END LOOP;
    -- An admin makes and changes the people's roles.
    IF 'admin' = ANY (wanted) THEN
        EXECUTE format('ALTER ROLE %I CREATEROLE', person);
        FOREACH r IN ARRAY ARRAY['staff', 'clerk', 'handler', 'supervisor', 'followup', 'compliance', 'admin'] LOOP
            EXECUTE format('GRANT %I TO %I WITH ADMIN OPTION', db || ':' || r, person);
        END LOOP;
    ELSE
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', person);
    END IF;
    EXECUTE format('ALTER ROLE %I %s', person, CASE WHEN active = 1 THEN 'LOGIN' ELSE 'NOLOGIN' END);
    RETURN TRUE;
END;
$$;

-- A person's own new password (anyone may change their own; an admin anyone's).
CREATE FUNCTION complaintdesk_set_password(login TEXT, verifier TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', current_database() || '_' || lower(login), verifier);
    RETURN TRUE;
END;
$$;

DO $$
DECLARE
    db TEXT := current_database();
    staff TEXT := current_database() || ':staff';
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['staff', 'clerk', 'handler', 'supervisor', 'followup', 'compliance', 'admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || ':' || r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', db || ':' || r);
        END IF;
        IF r <> 'staff' THEN
            EXECUTE format('GRANT %I TO %I', staff, db || ':' || r);
        END IF;
    END LOOP;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, staff);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', staff);
    -- Everyone reads (rows of other branches stay hidden, above) ...
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', staff);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', staff);
    -- ... appends to the event log, never changes it ...
    EXECUTE format('GRANT INSERT ON events TO %I', staff);
    EXECUTE format('GRANT UPDATE ON chain_head TO %I', staff);
    -- ... and does the case work (the lifecycle's moves checked above).
    EXECUTE format('GRANT INSERT ON attachments, files TO %I', staff);
    -- A follow-up call is recorded by the follow-up clerks and the supervisors (desk::followups).
    EXECUTE format('GRANT INSERT ON followup_attempts TO %I, %I', db || ':followup', db || ':supervisor');
    EXECUTE format('GRANT INSERT, UPDATE ON cases, case_counters, followup_tasks, meta TO %I', staff);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON case_search, signin_unknown_failures TO %I', staff);
    -- Of the search index, only which case a row is of (to replace a case's row).
    EXECUTE format('REVOKE SELECT ON case_search FROM %I', staff);
    EXECUTE format('GRANT SELECT (case_id) ON case_search TO %I', staff);
    EXECUTE format('GRANT UPDATE (failed_signins, last_failed_signin_at, password_hash) ON users TO %I', staff);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON training_sessions, training_attendees TO %I, %I', db || ':supervisor', db || ':admin');
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON users, user_roles, meta, calendar_years, followup_scripts TO %I', db || ':admin');
END;
$$;
