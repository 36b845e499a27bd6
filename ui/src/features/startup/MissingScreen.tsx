import { DisconnectOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Modal, Typography } from 'antd';
import { useState } from 'react';
import { BackupTags } from '../../components/BackupTags';
import { formatDateTime, formatFileSize } from '../../lib/format';
import { restoreBackup, retryOpenDesk, startNewDesk } from '../../lib/ipc/commands';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useT } from '../../locales/i18n';
import { useStartupBackups } from './useStartupBackups';

type Doing = { kind: 'restore'; file: string } | { kind: 'retry' } | { kind: 'new' } | null;

/**
 * Shown instead of the desk when a desk was here and its database (or data folder) is gone
 * (`database_missing`): what the backend knows (`message`: the place, the latest backup and its
 * complaints), the backups to restore, trying again once a drive is plugged in, and, confirmed,
 * a new empty desk. `onOpened` reads the app state again after any of them succeeds.
 */
export function MissingScreen({ message, onOpened }: { message: string; onOpened: () => void }) {
  const t = useT();
  const { backups, error, setError, locale } = useStartupBackups();
  const [doing, setDoing] = useState<Doing>(null);
  const [asking, setAsking] = useState(false);

  const run = async (what: NonNullable<Doing>, call: () => Promise<unknown>) => {
    setDoing(what);
    setError(null);
    try {
      await call();
      setAsking(false);
      onOpened();
    } catch (e) {
      setAsking(false);
      // A refusal is about the backup or the folder, not a form field: its words without a label.
      setError(fieldErrorMessage(e, locale));
    } finally {
      setDoing(null);
    }
  };

  const busy = doing !== null;
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Card style={{ maxWidth: 760, width: '100%' }} data-testid="missing-screen">
        <Typography.Title level={3}>
          <DisconnectOutlined style={{ color: '#d4380d', marginRight: 8 }} />
          {t('backup.missing.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('backup.missing.body')}</Typography.Paragraph>
        <Alert type="warning" showIcon title={<span className="desk-text" data-testid="missing-message">{message}</span>} style={{ marginBottom: 16 }} />
        {error && <Alert type="error" showIcon title={<span data-testid="missing-error">{error}</span>} style={{ marginBottom: 16 }} />}

        <Flex align="center" gap={12} wrap>
          <Button icon={<ReloadOutlined />} loading={doing?.kind === 'retry'} disabled={busy} onClick={() => void run({ kind: 'retry' }, retryOpenDesk)} data-testid="missing-retry">
            {t('backup.missing.retry')}
          </Button>
          <Typography.Text type="secondary">{t('backup.missing.retryHelp')}</Typography.Text>
        </Flex>

        <Divider />
        <Typography.Title level={5}>{t('backup.missing.backups')}</Typography.Title>
        {backups !== null && backups.length === 0 && <Alert type="info" showIcon title={t('backup.missing.none')} data-testid="missing-no-backup" />}
        {backups !== null && backups.length > 0 && (
          <Flex vertical data-testid="missing-backup-list">
            {backups.map((b, i) => (
              <Flex
                key={b.file}
                justify="space-between"
                align="center"
                gap={16}
                style={{ padding: '8px 0', borderTop: i > 0 ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}
                data-testid={`missing-backup-${b.file}`}
              >
                <Flex vertical gap={2}>
                  <span>
                    <Typography.Text strong>{formatDateTime(b.created_at)}</Typography.Text> · {t('backup.caseCount', { count: b.case_count ?? '?' })} ·{' '}
                    {formatFileSize(b.size_bytes)} <BackupTags backup={b} />
                  </span>
                  <Typography.Text type="secondary" className="desk-text">
                    {b.file}
                  </Typography.Text>
                </Flex>
                <Button
                  type={i === 0 ? 'primary' : 'default'}
                  disabled={busy}
                  loading={doing?.kind === 'restore' && doing.file === b.file}
                  onClick={() => void run({ kind: 'restore', file: b.file }, () => restoreBackup(b.file))}
                  data-testid={`restore-${b.file}`}
                >
                  {doing?.kind === 'restore' && doing.file === b.file ? t('backup.missing.restoring') : t('backup.missing.restoreThis')}
                </Button>
              </Flex>
            ))}
          </Flex>
        )}

        <Divider />
        <Flex align="center" gap={12} wrap>
          <Button danger icon={<PlusOutlined />} disabled={busy} onClick={() => setAsking(true)} data-testid="missing-new-desk">
            {t('backup.missing.newDesk')}
          </Button>
          <Typography.Text type="secondary">{t('backup.missing.newDeskHelp')}</Typography.Text>
        </Flex>
        <Modal
          open={asking}
          title={t('backup.missing.newDeskTitle')}
          okText={t('backup.missing.newDeskOk')}
          okButtonProps={{ danger: true, loading: doing?.kind === 'new', ...{ 'data-testid': 'missing-new-desk-ok' } }}
          cancelText={t('common.cancel')}
          onOk={() => void run({ kind: 'new' }, startNewDesk)}
          onCancel={() => setAsking(false)}
        >
          <span data-testid="missing-new-desk-confirm">{t('backup.missing.newDeskBody')}</span>
        </Modal>
      </Card>
    </Flex>
  );
}
