import { Tag, Tooltip } from 'antd';
import type { BackupInfo } from '../lib/ipc/bindings/BackupInfo';
import { useT } from '../locales/i18n';

/**
 * What a backup's list entry must say besides its time: stamped after now (the computer's clock
 * ran ahead when it was made), or kept past the newest N because it holds the most complaints.
 */
export function BackupTags({ backup }: { backup: Pick<BackupInfo, 'file' | 'future' | 'held'> }) {
  const t = useT();
  return (
    <>
      {backup.future && (
        <Tooltip title={t('backup.tag.futureHelp')}>
          <Tag color="orange" data-testid={`backup-future-${backup.file}`}>
            {t('backup.tag.future')}
          </Tag>
        </Tooltip>
      )}
      {backup.held && (
        <Tooltip title={t('backup.tag.heldHelp')}>
          <Tag color="blue" data-testid={`backup-held-${backup.file}`}>
            {t('backup.tag.held')}
          </Tag>
        </Tooltip>
      )}
    </>
  );
}
