import { App, Button } from 'antd';
import { useCallback, useEffect, useRef, type HTMLAttributes } from 'react';
import { formatDateTime } from '../lib/format';
import type { DeskError } from '../lib/ipc/bindings/DeskError';
import { BACKUP_FAILED, getBackupStatus } from '../lib/ipc/commands';
import { useDeskEvent } from '../lib/ipc/events';
import { useErrorMessage, useT } from '../locales/i18n';

const KEY = 'backup-failed';

/**
 * Tells an administrator that a scheduled backup failed: when the shell reports it
 * (`backup-failed`), and once after signing in if the last one failed and none has succeeded
 * since. The notice says why, naming the folder, stays until closed, and opens 备份与恢复.
 * Nobody else is told: they could not do anything about it.
 */
export function useBackupFailureNotice(admin: boolean, userId: number | undefined, openBackups: () => void): void {
  const t = useT();
  const say = useErrorMessage();
  const { notification } = App.useApp();
  const isAdmin = useRef(admin);
  useEffect(() => {
    isAdmin.current = admin;
  });

  const show = useCallback(
    (error: DeskError, at?: string) => {
      const words = say(error);
      notification.error({
        // One notice at a time: a newer failure replaces the older one.
        key: KEY,
        title: t('backup.failed.notice'),
        description: <span className="desk-text">{at ? t('backup.failed.noticeAt', { time: formatDateTime(at), message: words }) : words}</span>,
        duration: false,
        props: { 'data-testid': 'backup-failed-notice' } as HTMLAttributes<HTMLDivElement>,
        actions: (
          <Button
            size="small"
            type="primary"
            data-testid="backup-failed-open"
            onClick={() => {
              notification.destroy(KEY);
              openBackups();
            }}
          >
            {t('backup.failed.open')}
          </Button>
        ),
      });
    },
    [notification, openBackups, say, t],
  );

  useDeskEvent<DeskError>(BACKUP_FAILED, (error) => {
    if (isAdmin.current && error) show(error);
  });

  // Once per signed-in administrator (the shell is drawn anew after each sign-in).
  const latest = useRef(show);
  useEffect(() => {
    latest.current = show;
  });
  useEffect(() => {
    if (!admin) return;
    let live = true;
    getBackupStatus()
      .then((status) => {
        if (live && status.last_failure) latest.current(status.last_failure.error, status.last_failure.at);
      })
      // The notice is a courtesy: the backups page shows the same failure, and reports its own errors.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [admin, userId]);
}
