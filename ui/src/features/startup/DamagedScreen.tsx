import { WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { BackupTags } from '../../components/BackupTags';
import { formatDateTime } from '../../lib/format';
import { restoreBackup } from '../../lib/ipc/commands';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useT } from '../../locales/i18n';
import { useStartupBackups } from './useStartupBackups';

/**
 * Shown instead of the desk when its data file is damaged: what happened, and the latest good
 * backup to restore (the others below it). `onRestored` opens the desk again.
 */
export function DamagedScreen({ onRestored }: { onRestored: () => void }) {
  const t = useT();
  const { backups, error, setError, locale } = useStartupBackups();
  const [restoring, setRestoring] = useState<string | null>(null);

  const restore = async (file: string) => {
    setRestoring(file);
    setError(null);
    try {
      await restoreBackup(file);
      onRestored();
    } catch (e) {
      setError(fieldErrorMessage(e, locale));
    } finally {
      setRestoring(null);
    }
  };

  const [latest, ...others] = backups ?? [];
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Card style={{ maxWidth: 720, width: '100%' }} data-testid="damaged-screen">
        <Typography.Title level={3}>
          <WarningOutlined style={{ color: '#d4380d', marginRight: 8 }} />
          {t('backup.damaged.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('backup.damaged.body')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="damaged-error" />}
        {backups !== null && !latest && <Alert type="warning" showIcon title={t('backup.damaged.none')} data-testid="damaged-no-backup" />}
        {latest && (
          <Flex vertical gap={12} align="flex-start">
            <Typography.Text strong data-testid="damaged-latest">
              {t('backup.damaged.latest', { time: formatDateTime(latest.created_at), cases: latest.case_count ?? '?' })}
            </Typography.Text>
            <BackupTags backup={latest} />
            <Button
              type="primary"
              size="large"
              loading={restoring === latest.file}
              disabled={restoring !== null}
              onClick={() => void restore(latest.file)}
              data-testid="restore-latest"
            >
              {restoring ? t('backup.damaged.restoring') : t('backup.damaged.restoreLatest')}
            </Button>
          </Flex>
        )}
        {others.length > 0 && (
          <Flex vertical gap={8} style={{ marginTop: 24 }}>
            <Typography.Text type="secondary">{t('backup.damaged.others')}</Typography.Text>
            {others.map((b) => (
              <Flex key={b.file} justify="space-between" align="center" gap={16}>
                <span>
                  {formatDateTime(b.created_at)} · {t('backup.caseCount', { count: b.case_count ?? '?' })} <BackupTags backup={b} />
                </span>
                <Button
                  size="small"
                  disabled={restoring !== null}
                  loading={restoring === b.file}
                  onClick={() => void restore(b.file)}
                  data-testid={`restore-${b.file}`}
                >
                  {t('backup.restore')}
                </Button>
              </Flex>
            ))}
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
