import { useEffect, useRef } from 'react';
import type { DeskError } from '../lib/ipc/bindings/DeskError';
import { BACKUP_FAILED, getBackupStatus } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import type { Notice } from './notices';

const KEY = 'backup-failed';

/**
 * Tells an administrator that a scheduled backup failed, in the header's 通知 list: when the
 * shell reports it (`backup-failed`), and once after signing in if the last one failed and none
 * has succeeded since. The entry says why, naming the folder, and opens 备份与恢复. Nobody else is
 * told: they could not do anything about it.
 */
export function useBackupFailureNotice(admin: boolean, userId: number | undefined, add: (notice: Notice) => void): void {
  const latest = useRef({ admin, add });
  useEffect(() => {
    latest.current = { admin, add };
  });
  // One entry at a time (one key): a newer failure replaces the older one.
  useDeskEvent<DeskError>(BACKUP_FAILED, (error) => {
    if (latest.current.admin && error) latest.current.add({ kind: 'backup', key: KEY, error });
  });

  // Once per signed-in administrator (the shell is drawn anew after each sign-in).
  useEffect(() => {
    if (!admin) return;
    let live = true;
    getBackupStatus()
      .then((status) => {
        const failure = status.last_failure;
        if (live && failure) latest.current.add({ kind: 'backup', key: KEY, error: failure.error, at: failure.at });
      })
      // The notice is a courtesy: the backups page shows the same failure, and reports its own errors.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [admin, userId]);
}
