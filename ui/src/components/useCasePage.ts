import { useCallback, useEffect, useRef, useState } from 'react';
import type { CasePage } from '../lib/ipc/bindings/CasePage';
import { CALENDAR_CHANGED, CASES_CHANGED, listCases, type CaseQueryDraft } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';

export interface CasePageState {
  page: CasePage | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * One page of cases for a query, reloaded when the query changes or the backend says cases (or
 * the holidays their due times are counted with) changed.
 */
export function useCasePage(query: CaseQueryDraft): CasePageState {
  const [page, setPage] = useState<CasePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const key = JSON.stringify(query);
  const latest = useRef(0);

  const load = useCallback(() => {
    const ticket = ++latest.current;
    setLoading(true);
    listCases(JSON.parse(key) as CaseQueryDraft)
      .then((result) => {
        if (ticket !== latest.current) return;
        setPage(result);
        setError(null);
      })
      .catch((e: unknown) => {
        if (ticket === latest.current) setError(e);
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, [key]);

  useEffect(load, [load]);
  useDeskEvent(CASES_CHANGED, load);
  useDeskEvent(CALENDAR_CHANGED, load);

  return { page, loading, error, reload: load };
}
