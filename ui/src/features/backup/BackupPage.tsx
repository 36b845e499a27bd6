import { CloudDownloadOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Skeleton, Table, Typography } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { BackupTags } from '../../components/BackupTags';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { FullPageStatus } from '../../components/FullPageStatus';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDateTime, formatFileSize } from '../../lib/format';
import type { BackupInfo } from '../../lib/ipc/bindings/BackupInfo';
import type { BackupFailure } from '../../lib/ipc/bindings/BackupFailure';
import type { BackupSettings } from '../../lib/ipc/bindings/BackupSettings';
import type { BackupStatus } from '../../lib/ipc/bindings/BackupStatus';
import type { LeftoverFile } from '../../lib/ipc/bindings/LeftoverFile';
import {
  BACKUP_FAILED,
  backupNow,
  deleteBackup,
  getBackupSettings,
  getBackupStatus,
  getStoreStatus,
  listBackups,
  restoreBackup,
  setBackupSettings,
  type StoreStatus,
} from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { fieldErrorMessage } from '../../locales/errorMessage';
import { useErrorMessage, useT } from '../../locales/i18n';
import { hasMessage } from '../../locales/index';
import { SharedBackups } from './SharedBackups';

/**
 * 备份与恢复 (admin): where backups go and how many are kept, whether the last scheduled backup
 * failed, back up now, restore one, delete one kept past the newest N, and what interrupted
 * backups or restores left behind. On the shared store: the server's backups, and a read-only copy.
 */
export function BackupPage() {
  const t = useT();
  const { state } = useDesk();
  if (!state.permissions.manage_users) return <FullPageStatus title={t('backup.adminOnly')} />;
  return (
    <div className="desk-page" data-testid="backup-page">
      <Typography.Title level={4}>{t('backup.title')}</Typography.Title>
      <BackupsOfStore />
    </div>
  );
}

/**
 * The laptop's backups on its own file (单机); on the team's shared store (联网) the server's are
 * the backups, and the page says so instead.
 */
function BackupsOfStore() {
  const t = useT();
  const [store, setStore] = useState<StoreStatus | null | undefined>(undefined);
  useEffect(() => {
    // Not knowing is the laptop's page: its own commands then say what is wrong.
    getStoreStatus()
      .then(setStore)
      .catch(() => setStore(null));
  }, []);
  if (store === undefined) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (store?.mode === 'shared') return <SharedBackups place={store.place} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('backup.intro')}</Typography.Paragraph>
      <Backups />
    </>
  );
}

/** The page's parts that follow how backing up goes (`get_backup_status`), reloaded after each change. */
function Backups() {
  const say = useErrorMessage();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadStatus = useCallback(() => {
    getBackupStatus()
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e: unknown) => setError(say(e)));
  }, [say]);
  useEffect(loadStatus, [loadStatus]);
  // A scheduled backup that fails while the page is open shows here at once.
  useDeskEvent(BACKUP_FAILED, loadStatus);

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {status?.last_failure && <FailureAlert failure={status.last_failure} />}
      <SettingsCard />
      <BackupsCard onChanged={loadStatus} />
      {status && status.leftovers.length > 0 && <LeftoversCard leftovers={status.leftovers} />}
    </>
  );
}

/** The last scheduled backup failed: when (in the desk's zone), and why, naming the place. */
function FailureAlert({ failure }: { failure: BackupFailure }) {
  const t = useT();
  const say = useErrorMessage();
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="backup-failed"
      title={t('backup.failed.title', { time: formatDateTime(failure.at) })}
      description={
        <>
          <div className="desk-text" data-testid="backup-failed-error">
            {say(failure.error)}
          </div>
          <div>{t('backup.failed.hint')}</div>
        </>
      }
    />
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

function BackupsCard({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const desk = useDesk();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState<BackupInfo | null>(null);
  const [deleting, setDeleting] = useState<BackupInfo | null>(null);

  const load = useCallback(() => {
    listBackups()
      .then(setBackups)
      .catch((e: unknown) => setError(say(e)));
  }, [say]);
  useEffect(load, [load]);

  const makeNow = async () => {
    setBusy(true);
    setError(null);
    setRestoreError(null);
    try {
      const made = await backupNow();
      message.success(t('backup.made', { file: made.file }));
      load();
      onChanged();
    } catch (e) {
      setError(say(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (b: BackupInfo) => {
    setBusy(true);
    setError(null);
    setRestoreError(null);
    try {
      await restoreBackup(b.file);
      setAsked(null);
      message.success(t('backup.restored'));
      await desk.reload();
      load();
      onChanged();
    } catch (e) {
      setAsked(null);
      // A refused file is about the backup, not a form field: its words without a label. A busy
      // database names the file another window or program holds.
      setRestoreError(fieldErrorMessage(e, desk.locale));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (b: BackupInfo) => {
    setBusy(true);
    setError(null);
    try {
      setBackups(await deleteBackup(b.file));
      setDeleting(null);
      onChanged();
      message.success(t('backup.deleted', { file: b.file }));
    } catch (e) {
      setDeleting(null);
      setError(fieldErrorMessage(e, desk.locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('backup.list')}
      extra={
        <Button type="primary" icon={<SaveOutlined />} loading={busy && !asked && !deleting} onClick={() => void makeNow()} data-testid="backup-now">
          {t('backup.now')}
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="backup-error" />}
      {restoreError && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRestoreError(null) }}
          title={t('backup.restoreFailed')}
          description={<span className="desk-text">{restoreError}</span>}
          style={{ marginBottom: 12 }}
          data-testid="backup-restore-error"
        />
      )}
      <Table<BackupInfo>
        data-testid="backup-list"
        rowKey="file"
        size="small"
        loading={backups === null && !error}
        dataSource={backups ?? []}
        pagination={false}
        locale={{ emptyText: t('backup.none') }}
        columns={[
          {
            title: t('backup.time'),
            dataIndex: 'created_at',
            render: (v: string, b: BackupInfo) => (
              <Flex gap={4} wrap align="center">
                <span>{formatDateTime(v)}</span>
                <BackupTags backup={b} />
              </Flex>
            ),
          },
          { title: t('backup.file'), dataIndex: 'file' },
          { title: t('backup.cases'), dataIndex: 'case_count', render: (v: number | null) => v ?? t('common.empty') },
          { title: t('backup.size'), dataIndex: 'size_bytes', render: (v: number) => formatFileSize(v) },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, b: BackupInfo) => (
              <Flex gap={8}>
                <Button icon={<CloudDownloadOutlined />} onClick={() => setAsked(b)} data-testid={`restore-${b.file}`}>
                  {t('backup.restore')}
                </Button>
                {/* Only a held backup is the admin's to delete: the others go by the kept number. */}
                {b.held && desk.state.permissions.manage_users && (
                  <Button danger icon={<DeleteOutlined />} onClick={() => setDeleting(b)} data-testid={`delete-${b.file}`}>
                    {t('backup.delete')}
                  </Button>
                )}
              </Flex>
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
      <Modal
        open={deleting !== null}
        title={t('backup.deleteTitle')}
        okText={t('backup.deleteOk')}
        okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'delete-confirm-ok' } }}
        cancelText={t('common.cancel')}
        onOk={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <span data-testid="delete-confirm">
          {deleting && t('backup.deleteBody', { time: formatDateTime(deleting.created_at), cases: deleting.case_count ?? '?' })}
        </span>
      </Modal>
    </Card>
  );
}

/** What interrupted backups and restores left behind, with where each file is. */
function LeftoversCard({ leftovers }: { leftovers: LeftoverFile[] }) {
  const t = useT();
  // A kind this build has no words for is shown as the backend names it.
  const kindLabel = (kind: string) => {
    const key = `backup.leftovers.kinds.${kind}`;
    return hasMessage(key) ? t(key) : kind;
  };
  return (
    <Card title={t('backup.leftovers.title')} style={{ marginTop: 16 }} data-testid="backup-leftovers">
      <Typography.Paragraph type="secondary">{t('backup.leftovers.intro')}</Typography.Paragraph>
      <Table<LeftoverFile>
        rowKey="path"
        size="small"
        dataSource={leftovers}
        pagination={false}
        onRow={(f) => ({ 'data-testid': `leftover-${f.file}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('backup.leftovers.kind'), dataIndex: 'kind', render: (kind: string) => kindLabel(kind) },
          { title: t('backup.leftovers.path'), dataIndex: 'path', render: (p: string) => <span className="desk-text">{p}</span> },
          { title: t('backup.leftovers.size'), dataIndex: 'size_bytes', render: (v: number) => formatFileSize(v) },
        ]}
      />
    </Card>
  );
}
