-- PostgreSQL schema 5: the case list's indexes for filters used together, as the desk's SQLite
-- schema 12 has them (see there). PostgreSQL's indexes do not carry the row's id, so each ends
-- in the case id too: the list's tie-break is read in order rather than sorted.
CREATE INDEX cases_handler_received ON cases (handler_id, received_at, id, status) WHERE handler_id IS NOT NULL;
CREATE INDEX cases_status_category_received ON cases (status, category, received_at, id);
CREATE INDEX cases_status_project_received ON cases (status, project, received_at, id) WHERE project IS NOT NULL;
CREATE INDEX cases_project_category_received ON cases (project, category, received_at, id) WHERE project IS NOT NULL;
CREATE INDEX cases_handler_category_received ON cases (handler_id, category, received_at, id) WHERE handler_id IS NOT NULL;
