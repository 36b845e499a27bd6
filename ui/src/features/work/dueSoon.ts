import { useCallback, useEffect, useState } from 'react';
import type { WorkQueue } from '../../lib/ipc/bindings/WorkQueue';
import { CASES_CHANGED, getMyWork } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';

/** Whether a queue is a 即将到期 queue (`supervisor.due_soon`, `handler.due_soon`, …). */
export function isDueSoonQueue(queue: Pick<WorkQueue, 'key'>): boolean {
  return queue.key.endsWith('.due_soon');
}

/**
 * The cases due soon across the user's 即将到期 queues. The backend gives one user queues that
 * never overlap (a supervisor's covers the rest, the others differ by status), so the sum counts
 * each case once.
 */
export function dueSoonCount(queues: readonly WorkQueue[]): number {
  return queues.filter(isDueSoonQueue).reduce((sum, q) => sum + q.count, 0);
}

/**
 * The count for the menu's badge, for the user signed in: read on sign-in and again whenever
 * cases change (a write, or the watcher marking a clock past 75%, 90% or its due time). Zero
 * until read or when reading fails: a badge is a hint, the page itself says what went wrong.
 */
export function useDueSoonCount(userId: number | undefined): number {
  const [count, setCount] = useState(0);
  const load = useCallback(() => {
    if (userId === undefined) return;
    getMyWork()
      .then((queues) => setCount(dueSoonCount(queues)))
      .catch(() => setCount(0));
  }, [userId]);
  useEffect(load, [load]);
  useDeskEvent(CASES_CHANGED, load);
  return count;
}
