import type { CaseQueryDraft } from '../../lib/ipc/commands';
import { listCases } from '../../lib/ipc/commands';

/** The backend's largest page (`store::cases::MAX_PAGE_SIZE`) and most cases an item takes (`improvement::MAX_LINKED`). */
const MAX_PAGE_SIZE = 200;
const MAX_LINKED = 2000;

/**
 * The ids of every case a query matches, page by page: the cases a figure's drill-down lists,
 * for an improvement item opened over them. It stops past the most an item takes: the backend
 * then refuses with its own words.
 */
export async function caseIdsOf(query: CaseQueryDraft): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page += 1) {
    const found = await listCases({ ...query, page, page_size: MAX_PAGE_SIZE });
    ids.push(...found.rows.map((r) => r.id));
    if (found.rows.length === 0 || found.rows.length < found.page_size || ids.length > MAX_LINKED) return ids;
  }
}
