import { CloudDownloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDateTime, formatFileSize } from '../../lib/format';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import type { BackupSettings } from '../../lib/ipc/bindings/BackupSettings';
import { backupNow, getBackupSettings, listBackups, restoreBackup, setBackupSettings } from '../../lib/ipc/commands';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useErrorMessage, useT } from '../../locales/i18n';

/** 备份与恢复 (admin): where backups go and how many are kept, back up now, restore one. */
export function BackupPage() {
  const t = useT();
  const { state } = useDesk();
  if (!state.permissions.manage_users) return <FullPageStatus title={t('backup.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="backup-page">
      <Typography.Title level={4}>{t('backup.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('backup.intro')}</Typography.Paragraph>
      <SettingsCard />
      <BackupsCard />
    </div>
  );
}

function SettingsCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<BackupSettings>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    getBackupSettings()
      .then((s) => form.setFieldsValue(s))
      .catch((e: unknown) => setError(say(e)));
  }, [form, say]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const v = form.getFieldsValue(true) as BackupSettings;
      form.setFieldsValue(await setBackupSettings({ folder: v.folder ?? '', keep: v.keep ?? 0 }));
      message.success(t('backup.saved'));
    } catch (e) {
      if (!showFieldError(form, e, locale, {}, ['folder', 'keep'])) setError(say(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('backup.settings')} style={{ marginBottom: 16 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onValuesChange={(changed) => clearFieldErrors(form, changed)} data-testid="backup-settings">
        <Form.Item name="folder" label={t('backup.folder')} extra={t('backup.folderHelp')}>
          <Input data-testid="backup-folder" />
        </Form.Item>
        <Form.Item name="keep" label={t('backup.keep')} extra={t('backup.keepHelp')}>
          <InputNumber min={1} max={365} data-testid="backup-keep" />
        </Form.Item>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="backup-settings-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

function BackupsCard() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const desk = useDesk();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<BackupInfo | null>(null);

  const load = useCallback(() => {
    listBackups()
      .then(setBackups)
      .catch((e: unknown) => setError(say(e)));
  }, [say]);
  useEffect(load, [load]);

  const makeNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await backupNow();
      message.success(t('backup.made', { file: made.file }));
      load();
    } catch (e) {
      setError(say(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (b: BackupInfo) => {
    setBusy(true);
    setError(null);
    try {
      await restoreBackup(b.file);
      setAsked(null);
      message.success(t('backup.restored'));
      await desk.reload();
      load();
    } catch (e) {
      setAsked(null);
      // A refused file is about the backup, not a form field: its words without a label.
      setError(fieldErrorMessage(e, desk.locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('backup.list')}
      extra={
        <Button type="primary" icon={<SaveOutlined />} loading={busy && !asked} onClick={() => void makeNow()} data-testid="backup-now">
          {t('backup.now')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="backup-error" />}
      <Table<BackupInfo>
        data-testid="backup-list"
        rowKey="file"
        size="small"
        loading={backups === null && !error}
        dataSource={backups ?? []}
        pagination={false}
        locale={{ emptyText: t('backup.none') }}
        columns={[
          { title: t('backup.time'), dataIndex: 'created_at', render: (v: string) => formatDateTime(v) },
          { title: t('backup.file'), dataIndex: 'file' },
          { title: t('backup.cases'), dataIndex: 'case_count', render: (v: number | null) => v ?? t('common.empty') },
          { title: t('backup.size'), dataIndex: 'size_bytes', render: (v: number) => formatFileSize(v) },
          {
            title: '',
            key: 'restore',
            render: (_: unknown, b: BackupInfo) => (
              <Button icon={<CloudDownloadOutlined />} onClick={() => setAsked(b)} data-testid={`restore-${b.file}`}>
                {t('backup.restore')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={asked !== null}
        title={t('backup.confirmTitle')}
        okText={t('backup.confirmOk')}
        okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'restore-confirm-ok' } }}
        cancelText={t('common.cancel')}
        onOk={() => asked && void restore(asked)}
        onCancel={() => setAsked(null)}
      >
        <span data-testid="restore-confirm">{asked && t('backup.confirmBody', { time: formatDateTime(asked.created_at) })}</span>
      </Modal>
    </Card>
  );
}
