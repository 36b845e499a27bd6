-- Schema 12: indexes for the case list's filters used together, so that at a million cases a
-- filtered page and its total are each an index range read in order, never a sort of every
-- match. Each ends in received_at (the list's default order, and its date filter); SQLite adds
-- the case id after it, the list's tie-break. Filters used alone already have theirs (schema 1
-- and 5): status, category, channel, handler with status, project, department.
--
-- A handler's cases, whatever their status, in order (the handler filter without a status; with
-- a text search, the status is read from the index too, not from each case).
CREATE INDEX cases_handler_received ON cases (handler_id, received_at, status) WHERE handler_id IS NOT NULL;
-- A status (each status of a set is read on its own and merged) with a category, or a site.
CREATE INDEX cases_status_category_received ON cases (status, category, received_at);
CREATE INDEX cases_status_project_received ON cases (status, project, received_at) WHERE project IS NOT NULL;
-- A site and a category.
CREATE INDEX cases_project_category_received ON cases (project, category, received_at) WHERE project IS NOT NULL;
-- A handler's cases of a category.
CREATE INDEX cases_handler_category_received ON cases (handler_id, category, received_at) WHERE handler_id IS NOT NULL;
