import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import { listBackupsAtStart } from '../../lib/ipc/commands';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useLocale } from '../../locales/i18n';

/**
 * The backups a start-up screen offers, read from the data folder without the desk (`null` while
 * loading), and the error state the screen shows: a failed listing leaves an empty list and its
 * words.
 */
export function useStartupBackups() {
  const locale = useLocale();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listBackupsAtStart()
      .then(setBackups)
      .catch((e: unknown) => {
        setBackups([]);
        setError(fieldErrorMessage(e, locale));
      });
  }, [locale]);

  return { backups, error, setError, locale };
}
