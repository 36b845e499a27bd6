import type { Dayjs } from 'dayjs';
import { defaultQuery, queryFromSearch, queryToSearch } from '../../lib/caseQuery';
import { toInstant } from '../../lib/format';
import type { CaseQueryDraft } from '../../lib/ipc/commands';

/** A filter of the case list the user saved under a name (我的视图). */
export interface SavedView {
  name: string;
  /** The query as the URL holds it (`queryToSearch`), without the page. */
  search: string;
}

export function isSavedViewList(v: unknown): v is SavedView[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof x.name === 'string' && typeof x.search === 'string');
}

/**
 * 本周超时: the cases whose deadline has passed or falls before the desk's week ends (Monday
 * 00:00 after `today`, a Monday-to-Sunday week in the desk's zone), still running, nearest first.
 */
export function overdueThisWeek(today: Dayjs): CaseQueryDraft {
  const daysToMonday = (8 - today.day()) % 7 || 7;
  const weekEnd = today.startOf('day').add(daysToMonday, 'day');
  return {
    ...defaultQuery(),
    due_states: ['breached', 'warning', 'running'],
    due_before: toInstant(weekEnd),
    sort: 'due_at',
    descending: false,
  };
}

/** 我经办: the cases the user handles. */
export function mine(userId: number): CaseQueryDraft {
  return { ...defaultQuery(), handler_id: userId };
}

/** The list's current filter and sort as a view to keep: the first page, whatever page is shown. */
export function viewOf(name: string, query: CaseQueryDraft): SavedView {
  return { name, search: queryToSearch({ ...query, page: 1 }) };
}

/** A saved view's query, read back as the URL would be. */
export function queryOf(view: SavedView): CaseQueryDraft {
  return queryFromSearch(view.search);
}

/** Adds a view, or replaces the one of the same name; sorted by name. */
export function withView(views: SavedView[], view: SavedView): SavedView[] {
  return [...views.filter((v) => v.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
