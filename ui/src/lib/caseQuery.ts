import type { CaseKind } from './ipc/bindings/CaseKind';
import type { Channel } from './ipc/bindings/Channel';
import type { DueState } from './ipc/bindings/DueState';
import type { SortKey } from './ipc/bindings/SortKey';
import type { CaseQueryDraft } from './ipc/commands';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_SORT: SortKey = 'received_at';

const CHANNELS: readonly Channel[] = ['walk_in', 'phone', 'letter', 'email', 'wechat', 'website', 'regulator', 'other'];
const KINDS: readonly CaseKind[] = ['complaint', 'feedback'];
const SORTS: readonly SortKey[] = ['received_at', 'updated_at', 'number', 'escalation', 'due_at'];
/** A case's clocks in one word, most urgent first, as the list's filter offers them. */
export const DUE_STATES: readonly DueState[] = ['breached', 'warning', 'running', 'paused', 'done'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An RFC 3339 instant in UTC, as `toISOString` writes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The list's starting state: newest received first, first page of 20. */
export function defaultQuery(): CaseQueryDraft {
  return { sort: DEFAULT_SORT, descending: true, page: 1, page_size: DEFAULT_PAGE_SIZE };
}

/**
 * A case query as URL search parameters (`status=a,b&q=电梯&page=2`), leaving out what equals the
 * default so that links stay short. `queryFromSearch` reads it back. The dashboard's drill-downs
 * are such links: the case list shows whatever query the URL holds.
 */
export function queryToSearch(query: CaseQueryDraft): string {
  const p = new URLSearchParams();
  if (query.statuses?.length) p.set('status', query.statuses.join(','));
  if (query.category) p.set('category', query.category);
  if (query.channel) p.set('channel', query.channel);
  if (query.kind) p.set('kind', query.kind);
  if (query.from) p.set('from', query.from);
  if (query.to) p.set('to', query.to);
  if (query.due_states?.length) p.set('due', query.due_states.join(','));
  if (query.due_before) p.set('due_before', query.due_before);
  if (query.handler_id !== undefined && query.handler_id !== null) p.set('handler', String(query.handler_id));
  if (query.registered_by !== undefined && query.registered_by !== null) p.set('by', String(query.registered_by));
  if (query.project) p.set('project', query.project);
  if (query.department) p.set('department', query.department);
  if (query.repeat_only) p.set('repeat', '1');
  if (query.root_cause) p.set('cause', query.root_cause);
  if (query.text?.trim()) p.set('q', query.text.trim());
  if (query.sort && query.sort !== DEFAULT_SORT) p.set('sort', query.sort);
  if (query.descending === false) p.set('asc', '1');
  if (query.page && query.page > 1) p.set('page', String(query.page));
  if (query.page_size && query.page_size !== DEFAULT_PAGE_SIZE) p.set('size', String(query.page_size));
  return p.toString();
}

/** Reads `queryToSearch`'s output; anything unknown or malformed falls back to the default. */
export function queryFromSearch(search: string): CaseQueryDraft {
  const p = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const q = defaultQuery();
  const statuses = (p.get('status') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (statuses.length) q.statuses = statuses;
  const category = p.get('category');
  if (category) q.category = category;
  const channel = p.get('channel') as Channel | null;
  if (channel && CHANNELS.includes(channel)) q.channel = channel;
  const kind = p.get('kind') as CaseKind | null;
  if (kind && KINDS.includes(kind)) q.kind = kind;
  const from = p.get('from');
  if (from && DAY.test(from)) q.from = from;
  const to = p.get('to');
  if (to && DAY.test(to)) q.to = to;
  const due = (p.get('due') ?? '')
    .split(',')
    .filter((s): s is DueState => (DUE_STATES as readonly string[]).includes(s));
  if (due.length) q.due_states = due;
  const dueBefore = p.get('due_before');
  if (dueBefore && INSTANT.test(dueBefore) && !Number.isNaN(Date.parse(dueBefore))) q.due_before = dueBefore;
  const handler = positiveInt(p.get('handler'));
  if (handler !== undefined) q.handler_id = handler;
  const by = positiveInt(p.get('by'));
  if (by !== undefined) q.registered_by = by;
  const project = p.get('project')?.trim();
  if (project) q.project = project;
  const department = p.get('department')?.trim();
  if (department) q.department = department;
  if (p.get('repeat') === '1') q.repeat_only = true;
  const cause = p.get('cause')?.trim();
  if (cause) q.root_cause = cause;
  const text = p.get('q')?.trim();
  if (text) q.text = text;
  const sort = p.get('sort') as SortKey | null;
  if (sort && SORTS.includes(sort)) q.sort = sort;
  if (p.get('asc') === '1') q.descending = false;
  const page = positiveInt(p.get('page'));
  if (page !== undefined) q.page = page;
  const size = positiveInt(p.get('size'));
  if (size !== undefined && (PAGE_SIZES as readonly number[]).includes(size)) q.page_size = size;
  return q;
}

/** A filter changed: go back to the first page, since the old page number means nothing now. */
export function withFilter(query: CaseQueryDraft, change: Partial<CaseQueryDraft>): CaseQueryDraft {
  const next: CaseQueryDraft = { ...query, ...change, page: 1 };
  for (const key of Object.keys(change) as (keyof CaseQueryDraft)[]) {
    const value = next[key];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      delete next[key];
    }
  }
  return next;
}

function positiveInt(raw: string | null): number | undefined {
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}
