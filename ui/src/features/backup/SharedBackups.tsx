import { ExportOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Table, Typography } from 'antd';
import { useState } from 'react';
import { exportSharedCopy, type SharedCopy } from '../../lib/ipc/commands';
import { hasMessage } from '../../locales/index';
import { useErrorMessage, useT } from '../../locales/i18n';

interface TableRows {
  table: string;
  rows: number;
}

/**
 * 备份与恢复 on the team's shared store (联网): the backups are the database server's (pg_dump,
 * point-in-time recovery, the office's IT), so this laptop offers none; an admin may export what
 * their connection sees into a read-only stand-alone copy.
 */
export function SharedBackups({ place }: { place: string }) {
  const t = useT();
  return (
    <div data-testid="backup-shared">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('backup.shared.title')} description={t('backup.shared.body', { place })} data-testid="backup-shared-server" />
      <CopyCard />
    </div>
  );
}

function CopyCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copy, setCopy] = useState<SharedCopy | null>(null);
  // A table this build has no words for is shown as the backend names it.
  const tableWords = (table: string) => {
    const key = `tables.${table}`;
    return hasMessage(key) ? t(key) : table;
  };

  const exportNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await exportSharedCopy();
      if (made) setCopy(made);
      else message.info(t('backup.shared.cancelled'));
    } catch (e) {
      setError(say(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('backup.shared.copy')}
      extra={
        <Button type="primary" icon={<ExportOutlined />} loading={busy} onClick={() => void exportNow()} data-testid="backup-copy">
          {t('backup.shared.copyNow')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('backup.shared.copyIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="backup-copy-error" />}
      {copy && (
        <div data-testid="backup-copy-done">
          <Alert type="success" showIcon title={t('backup.shared.copied')} style={{ marginBottom: 12 }} />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('backup.shared.copyPath')}>
              <Typography.Text copyable className="desk-text" data-testid="backup-copy-path">
                {copy.path}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('backup.shared.copyFiles')}>{t('backup.shared.copyFilesCount', { count: copy.files })}</Descriptions.Item>
          </Descriptions>
          <Table<TableRows>
            data-testid="backup-copy-tables"
            rowKey="table"
            size="small"
            pagination={false}
            dataSource={copy.tables.map(([table, rows]) => ({ table, rows }))}
            columns={[
              { title: t('backup.shared.table'), dataIndex: 'table', render: (table: string) => tableWords(table) },
              { title: t('backup.shared.rows'), dataIndex: 'rows', align: 'right' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
