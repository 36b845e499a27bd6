import { useCallback, useMemo, useState } from 'react';
import type { DeskError } from '../lib/ipc/bindings/DeskError';

/** One entry of the header's 通知 list. */
export type Notice =
  /** A case whose clock ran out, as the deadline watcher reported it. */
  | { kind: 'deadline'; key: string; caseId: number; number: string; subject: string; step?: number; escalation?: number }
  /** A scheduled backup failed (for an administrator): why, and when if known. */
  | { kind: 'backup'; key: string; error: DeskError; at?: string }
  /** An improvement item of the signed-in owner passed its due day, as the watcher reported it. */
  | { kind: 'improvement'; key: string; id: number; action: string; dueOn: string };

export interface Notices {
  /** Newest first. */
  list: Notice[];
  /** Adds a notice, or replaces the one with the same key (moving it to the top). */
  add: (notice: Notice) => void;
  remove: (key: string) => void;
  clear: () => void;
}

/**
 * The notices the shell collects for the header's bell, instead of toasts stacked over the page:
 * they stay until read and dismissed, and never cover the header's buttons.
 */
export function useNotices(): Notices {
  const [list, setList] = useState<Notice[]>([]);
  const add = useCallback((notice: Notice) => setList((now) => [notice, ...now.filter((n) => n.key !== notice.key)]), []);
  const remove = useCallback((key: string) => setList((now) => now.filter((n) => n.key !== key)), []);
  const clear = useCallback(() => setList([]), []);
  return useMemo(() => ({ list, add, remove, clear }), [list, add, remove, clear]);
}
