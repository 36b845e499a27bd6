import { App, AutoComplete, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { lengthRule, limitCount } from '../../components/formRules';
import { FullPageStatus } from '../../components/FullPageStatus';
import { PrivacySection } from './PrivacySection';
import { clearFieldErrors, showFieldError } from '../../components/formErrors';
import { useDesk } from '../../lib/desk/DeskContext';
import { formatDateTime } from '../../lib/format';
import type { Role } from '../../lib/ipc/bindings/Role';
import type { User } from '../../lib/ipc/bindings/User';
import type { UserInput } from '../../lib/ipc/bindings/UserInput';
import { USERS_CHANGED, createUser, listUsers, resetPassword, setIdleLockMinutes, updateUser } from '../../lib/ipc/commands';
import { useDeskEvent } from '../../lib/ipc/events';
import { useErrorMessage, useT, ERROR_SECONDS } from '../../locales/i18n';
import type { MessageKey } from '../../locales/index';

const ROLES: Role[] = ['clerk', 'handler', 'supervisor', 'followup', 'compliance', 'admin'];
const PAGE_SIZE = 20;

interface Values {
  login?: string;
  display_name?: string;
  roles: Role[];
  department?: string;
  active: boolean;
  password?: string;
}

/** The desk's users (admin only): who they are, their roles, whether they may still work. */
export function UsersPage() {
  const t = useT();
  const say = useErrorMessage();
  const { state } = useDesk();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const load = useCallback(() => {
    listUsers()
      .then((u) => {
        setUsers(u);
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(load, [load]);
  useDeskEvent(USERS_CHANGED, load);

  if (!state.permissions.manage_users) {
    return <FullPageStatus title={t('users.adminOnly')} />;
  }
  if (error !== null && !users) {
    return <FullPageStatus title={say(error)} description={<Button onClick={load}>{t('common.retry')}</Button>} />;
  }

  // Accounts that met several wrong passwords in a row (the backend tells admins only).
  const failures = new Map(state.signin_alerts.map((a) => [a.user_id, a]));
  const columns: ColumnsType<User> = [
    {
      title: t('fields.login'),
      dataIndex: 'login',
      width: 200,
      render: (login: string, user) => {
        const alert = failures.get(user.id);
        return (
          <Space size={4} wrap>
            {login}
            {alert && (
              <Tooltip title={t('users.signinFailuresLast', { time: formatDateTime(alert.last_failure_at) })}>
                <Tag color="red" data-testid={`user-signin-failures-${login}`}>
                  {t('users.signinFailures', { count: alert.failures })}
                </Tag>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
    { title: t('fields.display_name'), dataIndex: 'display_name', width: 140 },
    {
      title: t('fields.roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{t(`roles.${r}` as MessageKey)}</Tag>),
    },
    { title: t('users.department'), dataIndex: 'department', width: 140, render: (d: string | null) => d ?? '—' },
    {
      title: t('fields.active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.disabled')}</Tag>),
    },
    {
      title: '',
      key: 'edit',
      width: 200,
      render: (_: unknown, user) => (
        <Space size="small">
          <Button size="small" data-testid={`user-edit-${user.login}`} onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <Button size="small" data-testid={`user-reset-password-${user.login}`} onClick={() => setResetting(user)}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="desk-page" data-testid="users-page">
      <Flex align="baseline" justify="space-between">
        <Typography.Title level={4}>{t('users.title')}</Typography.Title>
        <Button type="primary" data-testid="user-create" onClick={() => setEditing('new')}>
          {t('users.create')}
        </Button>
      </Flex>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users ?? []}
        loading={users === null}
        pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true, showTotal: (total) => t('common.total', { count: total }) }}
        onRow={(u) => ({ 'data-user-login': u.login }) as React.HTMLAttributes<HTMLElement>}
      />
      <PrivacySection />
      <IdleLockSetting />
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
      {editing && (
        <UserModal
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
    </div>
  );
}

function UserModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale, catalog } = useDesk();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      const v = form.getFieldsValue(true) as Values;
      const input: UserInput = {
        login: v.login?.trim() ?? '',
        display_name: v.display_name?.trim() ?? '',
        roles: v.roles ?? [],
        department: v.department?.trim() || undefined,
      };
      const saved = user ? await updateUser(user.id, { ...input, active: v.active }) : await createUser({ ...input, password: v.password ?? '' });
      message.success(t('users.saved', { name: saved.display_name }));
      onSaved();
    } catch (error) {
      if (!showFieldError(form, error, locale)) message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={user ? t('users.edit') : t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        onValuesChange={(changed) => clearFieldErrors(form, changed)}
        layout="vertical"
        initialValues={{
          login: user?.login ?? '',
          display_name: user?.display_name ?? '',
          roles: user?.roles ?? [],
          department: user?.department ?? undefined,
          active: user?.active ?? true,
        }}
        onFinish={() => void submit()}
      >
        <Form.Item name="login" label={t('fields.login')} required rules={[lengthRule(t, 50)]}>
          <Input data-testid="user-login" autoFocus count={limitCount(50)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="display_name" label={t('fields.display_name')} required rules={[lengthRule(t, 50)]}>
          <Input data-testid="user-display_name" count={limitCount(50)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="roles" label={t('fields.roles')} required extra={t('users.rolesHelp')}>
          <Checkbox.Group data-testid="user-roles" options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="department" label={t('users.department')}>
          <AutoComplete
            data-testid="user-department"
            options={catalog.classification.departments.map((d) => ({ value: d, label: d }))}
            showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
          />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users.password')} required extra={t('users.passwordHelp')}>
            <Input.Password data-testid="user-password" autoComplete="new-password" />
          </Form.Item>
        )}
        {user && (
          <Form.Item name="active" label={t('fields.active')} valuePropName="checked">
            <Switch data-testid="user-active" />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** An administrator sets a new password for a user (who signs in with it next time). */
function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { locale } = useDesk();
  const [form] = Form.useForm<{ password?: string }>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      await resetPassword(user.id, (form.getFieldsValue(true) as { password?: string }).password ?? '');
      message.success(t('users.passwordReset', { name: user.display_name }));
      onClose();
    } catch (error) {
      if (!showFieldError(form, error, locale)) message.error(say(error), ERROR_SECONDS);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.resetTitle', { name: user.display_name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'reset-password-save' } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onValuesChange={(changed) => clearFieldErrors(form, changed)} onFinish={() => void submit()}>
        <Form.Item name="password" label={t('users.password')} required extra={t('users.passwordHelp')}>
          <Input.Password data-testid="reset-password" autoFocus autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** Minutes without activity before the window locks (admin setting; 0: never). */
function IdleLockSetting() {
  const t = useT();
  const say = useErrorMessage();
  const { message } = App.useApp();
  const { state, reload } = useDesk();
  const [minutes, setMinutes] = useState<number>(state.idle_lock_minutes);
  const save = async () => {
    try {
      await setIdleLockMinutes(minutes);
      message.success(t('users.idleSaved'));
      await reload();
    } catch (error) {
      message.error(say(error), ERROR_SECONDS);
    }
  };
  return (
    <Flex gap={8} align="center" style={{ marginTop: 16 }}>
      <Typography.Text>{t('users.idleLock')}</Typography.Text>
      <InputNumber data-testid="idle-lock-minutes" min={0} max={1440} value={minutes} onChange={(v) => setMinutes(v ?? 0)} />
      <Button data-testid="idle-lock-save" onClick={() => void save()}>
        {t('common.save')}
      </Button>
    </Flex>
  );
}
